"""Two sweepers over the same due set: every ticket is escalated once, every notice written once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection

from kefu.channels.models import OutboxMessage
from kefu.common import clock
from kefu.sla import services
from kefu.sla.models import SlaBreach
from kefu.tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_sweepers_never_handle_a_ticket_twice(open_ticket, agent, senior, supervisor):
    for _ in range(60):
        open_ticket()
    Ticket.objects.update(
        next_breach_at=clock.now() - timedelta(minutes=1),
        first_response_due=clock.now() - timedelta(minutes=1),
    )
    OutboxMessage.objects.all().delete()
    results: list[int] = []
    barrier = threading.Barrier(2)

    def sweep() -> None:
        barrier.wait()
        try:
            results.append(services.sla_sweep(batch=7))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 60
    assert SlaBreach.objects.count() == 60
    assert set(Ticket.objects.values_list("tier", flat=True)) == {2}
    requester_notices = OutboxMessage.objects.filter(recipient="user@example.com").count()
    assert requester_notices == 60


def test_two_sweepers_through_the_bulk_copy_path(
    open_ticket, agent, senior, supervisor, monkeypatch
):
    """PostgreSQL writes big batches with COPY; force it for a small batch and check once-only."""
    monkeypatch.setattr("kefu.common.db.bulk.COPY_THRESHOLD", 1)
    test_two_sweepers_never_handle_a_ticket_twice(open_ticket, agent, senior, supervisor)
