"""lore's whitespace folding equals po4a's Perl, run on the same strings."""

from __future__ import annotations

import base64
import random
import shutil
import subprocess

import pytest
from lore import xhtml

# po4a 0.69's Po.pm canonize(), verbatim regexes, reading and writing base64 lines.
PO4A_CANONIZE = r"""
use MIME::Base64;
while (my $l = <STDIN>) { chomp $l; my $text = decode_base64($l);
    $text =~ s/^ *//s;
    $text =~ s/^[ \t]+/  /gm;
    $text =~ s/\n/  /gm if ( $text ne "\n" );
    $text =~ s/([.)])  +/$1  /gm;
    $text =~ s/([^.)])  */$1 /gm;
    $text =~ s/ *$//s;
    print encode_base64($text, ""), "\n"; }
"""


def perl_canonize(samples: list[str]) -> list[str]:
    lines = "".join(base64.b64encode(s.encode()).decode() + "\n" for s in samples)
    out = subprocess.run(
        ["perl", "-e", PO4A_CANONIZE], input=lines, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return [base64.b64decode(line).decode() for line in out[: len(samples)]]


@pytest.mark.skipif(shutil.which("perl") is None, reason="perl is not installed")
def test_canonize_equals_po4a_on_random_whitespace():
    pieces = [" ", " ", "\t", "\n", ".", ")", "a", "b", "(", "  ", "\n  ", "\n\t"]
    rng = random.Random(2026)
    samples = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(5000)]
    expected = perl_canonize(samples)
    mismatches = [(s, e) for s, e in zip(samples, expected, strict=True) if xhtml.canonize(s) != e]
    assert mismatches == []
