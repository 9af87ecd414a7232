"""Fixtures for the business-calendar tests: pure, no database, no Django."""

from __future__ import annotations

import pytest

from kefu.sla.calendar import BusinessCalendar


@pytest.fixture(scope="session")
def china() -> BusinessCalendar:
    return BusinessCalendar.china()
