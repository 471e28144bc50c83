"""The grammar of endpoint description strings (``"tcp:80:interface=127.0.0.1"``).

A description is fields separated by ``:``; a field holding ``=`` is a keyword argument
(its name before the first ``=``), any other a positional one. A backslash makes the next
character literal, so ``\\:`` puts a colon in a value.
"""


def quoteStringArgument(argument: str) -> str:
    """Escape ``argument`` so that it is one field of a description, colons and all."""
    return argument.replace("\\", "\\\\").replace(":", "\\:")


def _fields(description: str) -> list[list[str]]:
    """Split ``description`` into fields, each one ``[value]`` or ``[name, value]``."""
    fields: list[list[str]] = [[""]]
    characters = iter(description)
    for character in characters:
        current = fields[-1]
        if character == "\\":
            escaped = next(characters, None)
            if escaped is None:
                raise ValueError(f"endpoint description ends with a lone backslash: "
                                 f"{description!r}")
            current[-1] += escaped
        elif character == ":":
            fields.append([""])
        elif character == "=" and len(current) == 1:
            current.append("")
        else:
            current[-1] += character
    return fields


def parseDescription(description: str) -> tuple[list[str], dict[str, str]]:
    """The positional and keyword arguments of ``description``, the endpoint type first."""
    args: list[str] = []
    kwargs: dict[str, str] = {}
    for field in _fields(description):
        if len(field) == 1:
            args.append(field[0])
        else:
            kwargs[field[0]] = field[1]
    return args, kwargs
