"""Helpers the spread tests share, written apart from the code they test: banana bytes by hand,
and a module whose import leaves a mark (what a hostile jelly must never import)."""

import sys
from pathlib import Path

import pytest


def b128(n: int) -> bytes:
    """Base-128 digits, least significant first."""
    digits = bytearray()
    while True:
        digits.append(n & 0x7F)
        n >>= 7
        if not n:
            return bytes(digits)


def enc(obj: list | bytes | int) -> bytes:
    """Banana bytes for lists, bytes and non-negative ints."""
    if isinstance(obj, list):
        return b128(len(obj)) + b"\x80" + b"".join(enc(item) for item in obj)
    if isinstance(obj, bytes):
        return b128(len(obj)) + b"\x82" + obj
    return b128(obj) + b"\x81"


def importCanary(folder: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    """Put module ``name`` (a class ``Thing``, a function ``boom``) on the path, not imported;
    the file its import would create."""
    (folder / f"{name}.py").write_text(
        "import pathlib\npathlib.Path(__file__).with_suffix('.imported').touch()\n"
        "class Thing:\n    pass\ndef boom():\n    pass\n")
    monkeypatch.syspath_prepend(str(folder))
    sys.modules.pop(name, None)
    return folder / f"{name}.imported"
