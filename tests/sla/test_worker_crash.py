"""A worker killed with SIGKILL mid-job loses nothing and doubles nothing.

Real worker processes (`kefu worker`) run against the test database; each is killed at a
random moment while it sweeps, then a last one finishes the work. Every due ticket must end
up breached exactly once, with one timeline entry and one notice to its requester.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection

from kefu.accounts.actors import ANONYMOUS
from kefu.channels.models import OutboxMessage
from kefu.common import clock
from kefu.sla.models import SlaBreach
from kefu.sla.tasks import run_periodic
from kefu.tickets.models import Ticket, TicketEvent
from kefu.tickets.services import TicketDraft, ticket_open

pytestmark = pytest.mark.django_db(transaction=True)
DUE_TICKETS = 300


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def _start_worker() -> subprocess.Popen[bytes]:
    # Small batches: the sweep commits many times, so a kill lands between and inside them.
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "KEFU_LOG_LEVEL": "WARNING",
        "KEFU_SLA_SWEEP_BATCH": "10",
    }
    env.pop("KEFU_TEST_DATABASE_URL", None)
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "kefu.config.cli", "worker", "--no-scheduler", "--interval", "0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_until_swept(timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Ticket.objects.filter(next_breach_at__lte=clock.now()).exists():
            return
        time.sleep(0.2)
    raise AssertionError("the worker did not finish the sweep")


def test_a_worker_killed_mid_sweep_loses_and_doubles_nothing(platform, agent, senior, supervisor):
    for index in range(DUE_TICKETS):
        ticket_open(
            actor=ANONYMOUS,
            draft=TicketDraft(
                platform=platform.slug,
                subject=f"提现没到账 {index}",
                body="已经三天了",
                contact={"email": f"user{index}@example.com"},
            ),
        )
    past = clock.now() - timedelta(minutes=1)
    Ticket.objects.update(first_response_due=past, next_breach_at=past)
    OutboxMessage.objects.all().delete()
    rng = random.Random(7)
    breached_at_kill = []
    for _ in range(3):
        run_periodic.enqueue("sla_sweep")
        worker = _start_worker()
        before = SlaBreach.objects.count()
        deadline = time.monotonic() + 30
        while SlaBreach.objects.count() == before and time.monotonic() < deadline:
            time.sleep(0.02)  # the worker is now inside the sweep
        time.sleep(rng.uniform(0, 0.1))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        breached_at_kill.append(SlaBreach.objects.count())
    run_periodic.enqueue("sla_sweep")
    worker = _start_worker()
    try:
        _wait_until_swept(timeout=60)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert any(0 < count < DUE_TICKETS for count in breached_at_kill), breached_at_kill
    assert SlaBreach.objects.count() == DUE_TICKETS
    assert set(Ticket.objects.values_list("tier", "breach_count").distinct()) == {(2, 1)}
    assert TicketEvent.objects.filter(kind="sla_breached").count() == DUE_TICKETS
    requester_notices = OutboxMessage.objects.filter(recipient__startswith="user").count()
    assert requester_notices == DUE_TICKETS
