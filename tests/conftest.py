"""The shared test corpus ``../shared``: tests that need it are marked, and skip without it.

``@pytest.mark.shared("corpus/twisted-core")`` marks a test that reads that part of
``../shared``; on a clone without it the test is skipped with a reason saying what is missing
and where it comes from. Under CI (``CI=true``) a missing ``../shared`` fails the run instead:
CI must never pass by skipping the comparisons with po4a and Twisted's tree.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ORIGIN = ("../shared is the team's shared test data (Twisted's core howto tree and po4a 0.69's "
          "output for it), checked out beside the project; it is not part of this repository")


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``shared`` marker."""
    config.addinivalue_line("markers", "shared(part): the test reads ../shared/PART")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI, stop at once when ../shared is missing."""
    if os.environ.get("CI") == "true" and not SHARED.is_dir():
        pytest.exit(f"CI=true but {SHARED} is missing: {ORIGIN}; CI must not pass by skipping "
                    "the tests that need it", returncode=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip each test marked ``shared`` whose part of ../shared is missing, saying why."""
    for item in items:
        for marker in item.iter_markers(name="shared"):
            part = SHARED / marker.args[0]
            if not part.exists():
                reason = f"{part} is missing ({ORIGIN})"
                item.add_marker(pytest.mark.skip(reason=reason), append=False)
                break


@pytest.fixture(autouse=True)
def _collector_left_on():
    """Turn the cyclic collector back on after each test: ``lore extract`` and ``lore lint``
    turn it off for their short process, and a test that runs one in-process would leave it
    off for every test after it."""
    yield
    gc.enable()
