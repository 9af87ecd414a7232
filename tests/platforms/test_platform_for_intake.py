"""Intake keeps the platform row it read for a few seconds per process (one statement less per
ticket); a save in this process ends the copy at once (selectors.platform_for_intake)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kefu.platforms import selectors
from kefu.platforms.models import Platform
from kefu.platforms.selectors import platform_for_intake
from tests.conftest import complaint

pytestmark = pytest.mark.django_db


def _platform_reads(captured: CaptureQueriesContext) -> int:
    return sum('FROM "platforms_platform"' in q["sql"] for q in captured.captured_queries)


def test_a_second_intake_reads_no_platform_row(anon_api, platform):
    anon_api.post("/tickets", complaint())
    with CaptureQueriesContext(connection) as captured:
        response = anon_api.post("/tickets", complaint())
    assert response.status_code == 201
    assert _platform_reads(captured) == 0


def test_a_platform_switched_off_and_saved_refuses_the_next_intake_at_once(anon_api, platform):
    assert anon_api.post("/tickets", complaint()).status_code == 201
    platform.is_active = False
    platform.save()
    response = anon_api.post("/tickets", complaint())
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "platform"


def test_a_changed_policy_applies_to_the_next_intake_at_once(anon_api, platform):
    first = anon_api.post("/tickets", complaint()).json()
    rule = {"first_response_minutes": 7, "resolution_minutes": 60, "business_hours": False}
    platform.settings = {**platform.settings, "sla": {"rules": [rule]}}
    platform.save(update_fields=["settings"])
    second = anon_api.post("/tickets", complaint()).json()
    assert second["due"]["first_response_at"] != first["due"]["first_response_at"]


def test_a_name_not_found_is_not_kept(anon_api, platform):
    assert platform_for_intake(slug="newcoin") is None
    # Written without a signal: only a fresh read can find it.
    Platform.objects.bulk_create([Platform(slug="newcoin", name_zh="新币", name_en="New Coin")])
    assert platform_for_intake(slug="newcoin") is not None


def test_a_kept_platform_is_read_again_once_its_time_is_over(platform, settings, monkeypatch):
    settings.KEFU_PLATFORM_CACHE_SECONDS = 5
    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    assert platform_for_intake(slug="acme") is not None
    # Switched off by another process: no signal reaches this one.
    Platform.objects.filter(pk=platform.pk).update(is_active=False)
    clock[0] += 4.9
    assert platform_for_intake(slug="acme") is not None
    clock[0] += 0.2
    assert platform_for_intake(slug="acme") is None


def test_with_no_keeping_time_every_intake_reads_the_platform(platform, settings):
    settings.KEFU_PLATFORM_CACHE_SECONDS = 0
    platform_for_intake(slug="acme")
    with CaptureQueriesContext(connection) as captured:
        platform_for_intake(slug="acme")
    assert _platform_reads(captured) == 1
