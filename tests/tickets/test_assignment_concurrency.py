"""Concurrent intakes on PostgreSQL: round-robin picks differ, and a ticket is neither left
unassigned nor kept waiting because every agent was being assigned at that very moment."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections, transaction

from kefu.tickets.services.common import (
    ClaimedStaff,
    claim_next_staff,
    claim_next_staff_and_ticket_id,
)
from tests.factories import MembershipFactory, PlatformFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks: SQLite has one writer at a time"
    ),
]

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _claim_alone(*, platform_id: int, tier: int, now: datetime) -> ClaimedStaff | None:
    return claim_next_staff(platform_id=platform_id, tier=tier, now=now)


def _claim_with_ticket_key(*, platform_id: int, tier: int, now: datetime) -> ClaimedStaff | None:
    # Intake's batched path: the claim and the new ticket's key in one statement.
    return claim_next_staff_and_ticket_id(platform_id=platform_id, tier=tier, now=now)[0]


@pytest.mark.parametrize("claim", [_claim_alone, _claim_with_ticket_key])
def test_a_third_concurrent_intake_is_assigned_at_once_while_both_agents_are_being_assigned(
    claim,
):
    platform = PlatformFactory()
    first_agent = MembershipFactory(platform=platform)
    second_agent = MembershipFactory(platform=platform)
    holding = threading.Barrier(3)  # two transactions hold both agents' rows …
    release = threading.Event()  # … until the third has finished
    claims: dict[str, ClaimedStaff | None] = {}

    def intake(name: str, offset: int, hold: bool) -> None:
        try:
            with transaction.atomic():
                claims[name] = claim(
                    platform_id=platform.pk, tier=1, now=NOW + timedelta(seconds=offset)
                )
                if hold:
                    holding.wait(timeout=10)
                    release.wait(timeout=10)
        finally:
            connections.close_all()

    holders = [
        threading.Thread(target=intake, args=(name, offset, True))
        for name, offset in (("one", 1), ("two", 2))
    ]
    for thread in holders:
        thread.start()
    holding.wait(timeout=10)  # both rows are locked now
    third = threading.Thread(target=intake, args=("three", 3, False))
    third.start()
    third.join(timeout=5)
    finished_while_locked = not third.is_alive()
    release.set()
    for thread in [*holders, third]:
        thread.join(timeout=10)

    assert finished_while_locked  # no waiting for the other intakes to commit
    assert {claims["one"].membership_id, claims["two"].membership_id} == {
        first_agent.pk,
        second_agent.pk,
    }
    assert claims["three"] is not None  # and not left unassigned
