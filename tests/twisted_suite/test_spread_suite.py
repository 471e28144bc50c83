"""Twisted's own tests of banana and jelly pass with refreactor's banana and jelly.

They are plain unit tests of the encoders (no reactor), so ``run_spread_tests.py`` puts
refreactor's modules in place of Twisted's and runs them under Twisted's trial. (Twisted's
PB and cred tests drive Twisted's Deferreds and loopback transports; refreactor's PB and cred
are checked by tests/refreactor/ and by the interop programs in tests/conformance/.)
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

RUNNER = Path(__file__).parent / "run_spread_tests.py"


@pytest.mark.parametrize("module", ["twisted.spread.test.test_banana",
                                    "twisted.spread.test.test_jelly"])
def test_twisteds_own_tests_pass_on_refreactors_module(module, tmp_path):
    done = subprocess.run([sys.executable, str(RUNNER), module], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "twisted.spread.jelly is refreactor.spread.jelly" in done.stdout
    ran = re.search(r"^Ran (\d+) tests", done.stdout, re.MULTILINE)
    assert ran and int(ran.group(1)) >= 20, done.stdout[-2000:]
    assert "PASSED" in done.stdout
