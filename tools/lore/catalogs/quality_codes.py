"""The codes of ``lore check``'s quality warnings (a module of its own: ``--help`` shows them
without loading the checks)."""

CODES = {
    "Q101": "a term of terminology.tsv without its agreed translation",
    "Q102": "a number changed or dropped",
    "Q103": "a URL changed or dropped",
    "Q104": "the text of a <code> element changed or dropped",
    "Q105": "a placeholder (%s, %(name)s, %d, {name}) changed or dropped",
    "Q106": "the final punctuation (. : ? !) of the msgid missing",
    "Q107": "leading or trailing whitespace differs from the msgid's",
    "Q108": "a doubled space the msgid does not have",
    "Q109": "the translation is the msgid itself, and the msgid is prose",
}
