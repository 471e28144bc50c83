"""Run Twisted's own tests of banana and jelly with refreactor's modules in their place.

``python run_spread_tests.py twisted.spread.test.test_jelly``: ``twisted.spread.banana`` and
``twisted.spread.jelly`` are refreactor's in this process (trial and the rest stay Twisted's);
trial's report is printed and its exit status is this program's.
"""

import importlib
import sys

import twisted.spread

for name in ("banana", "jelly"):
    module = importlib.import_module(f"refreactor.spread.{name}")
    sys.modules[f"twisted.spread.{name}"] = module
    setattr(twisted.spread, name, module)
    print(f"twisted.spread.{name} is {module.__name__}")

from twisted.scripts.trial import run  # noqa: E402 - after the substitution above

sys.argv = ["trial", *sys.argv[1:]]
run()
