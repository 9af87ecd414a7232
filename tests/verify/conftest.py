from __future__ import annotations

import pytest

from kefu.verify import Registry

from .corpus import FIXTURE


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.load(FIXTURE)
