"""Whether Python code compiles on this Python 3, and where it does not.

"Compiles" means Python's parser accepts it (``ast.parse``): every syntax and indentation
error. What only the code generator refuses ('return' outside a function) passes, as in Twisted
Lore, whose snippets are often cut from a function's body; parsing is also cheaper than a full
compile, and it is a good part of lint's time (hence `lore.lint.cache`).

The parser is run through ``symtable.symtable``, which parses and maps scopes in C without
turning the tree into Python objects: a fifth cheaper than
``ast.parse`` on the listings of Twisted's tree. Its parse errors are the parser's, word for
word; what only its scope pass refuses (a duplicate argument) is handed to ``ast.parse``.
"""

from __future__ import annotations

from _ast import PyCF_ONLY_AST  # what ast.parse passes to compile(), without importing ast
from symtable import symtable
from typing import NamedTuple


class CodeError(NamedTuple):
    """Where code fails to compile: 0-based line and column in the code given, and why."""

    line: int
    column: int
    message: str


#: Results of code parsed by an earlier run (`lore.lint.cache`), by the code's text; and the
#: results this process looked up or computed, which the cache keeps for the next run.
known: dict[str, tuple[int, int, str] | None] = {}
used: dict[str, tuple[int, int, str] | None] = {}


def compile_error(code: str) -> CodeError | None:
    """Parse ``code`` as a module; return the first error, or None."""
    result = known[code] if code in known else _parse(code)
    used[code] = result
    return None if result is None else CodeError(*result)


def _parse(code: str) -> tuple[int, int, str] | None:
    # (a warning, such as an invalid escape, is the caller's to silence or show)
    try:
        symtable(code, "<code>", "exec")
    except SyntaxError as error:
        # The parser's errors carry the failing line; the scope pass's have none ("<code>" is
        # no file to read it from), nor has a NUL's: only ast.parse says whether those parse.
        if error.text is not None:
            return _error(error)
    except ValueError:  # a NUL character, on Pythons whose compile() calls it a ValueError
        pass
    else:
        return None
    return _ast_parse(code)


def _ast_parse(code: str) -> tuple[int, int, str] | None:
    try:
        compile(code, "<code>", "exec", PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        return _error(error)
    except ValueError as error:  # a NUL character
        return 0, 0, str(error)
    return None


def _error(error: SyntaxError) -> tuple[int, int, str]:
    return (error.lineno or 1) - 1, max((error.offset or 1) - 1, 0), error.msg


def snippet_error(lines: list[str]) -> CodeError | None:
    """Compile a ``<pre class="python">`` block as Twisted Lore's lint read it.

    Blank lines are dropped and the indentation all lines share is removed (a snippet may be
    cut from a method); a snippet that compiles only once each ``...`` is a string literal
    passes, since Lore let authors elide code that way. Positions are in ``lines``.
    """
    kept = [(index, line.rstrip()) for index, line in enumerate(lines) if line.strip()]
    if not kept:
        return None
    indent = min(len(line) - len(line.lstrip(" ")) for _, line in kept)
    code = "".join(line[indent:] + "\n" for _, line in kept)
    error = compile_error(code)
    if error is None:
        return None
    # Retried only when the error is on a line with a "...": Python 3 reads a lone "..." as
    # Ellipsis already, and a failed parse is the costly kind (Python parses it twice).
    failing = kept[min(error.line, len(kept) - 1)][1]
    if "..." in failing and compile_error(code.replace("...", "'...'")) is None:
        return None
    return CodeError(kept[min(error.line, len(kept) - 1)][0], error.column + indent,
                     error.message)
