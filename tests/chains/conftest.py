"""Chain-reference tests are pure: no database, no Django."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Overrides the project-wide cache reset: these tests touch no cache or database."""
