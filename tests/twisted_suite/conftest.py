"""Prints the table of Twisted's reactor tests, per module and reactor, after the run."""

from typing import Any

import pytest
from test_twisted_suite import TABLES, formatTable


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int,
                            config: pytest.Config) -> None:
    """The per-module table, when the Twisted suite ran in this session."""
    results = config.stash.get(TABLES, None)
    if results:
        terminalreporter.write_sep("=", "Twisted's reactor tests: refreactor and EPollReactor")
        terminalreporter.write_line(formatTable(results))
