"""The lint tests keep lint's parse cache in a folder of their own, not in the user's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_cache_folder(tmp_path_factory, monkeypatch):
    """Point ``XDG_CACHE_HOME`` (for in-process runs and the processes tests start) at a
    session folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
