"""The periodic scheduler inside `kefu worker`: each job is enqueued once per slot.

Several workers may run the scheduler; the unique (name, slot) row lets exactly one of them
enqueue a given run. The jobs themselves are also safe to run twice.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from django.db import IntegrityError, close_old_connections, transaction

from kefu.common import clock
from kefu.sla.models import PeriodicRun

log = logging.getLogger("kefu.scheduler")

# name → period in seconds
SCHEDULE = {
    "sla_sweep": 60,
    "sla_warn": 60,
    "outbox_drain": 60,
    "silence_sweep": 300,
    "outbox_release_stale": 300,
    "telegram_media_sweep": 300,
    "awaiting_sweep": 900,
    "autoclose_sweep": 900,
}


def schedule_due(now: datetime | None = None) -> list[str]:
    from kefu.sla.tasks import run_periodic

    now = now or clock.now()
    enqueued = []
    for name, period in SCHEDULE.items():
        slot = int(now.timestamp()) // period
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=name, slot=slot)
                run_periodic.enqueue(name)
        except IntegrityError:
            continue  # another worker scheduled this slot
        enqueued.append(name)
    return enqueued


def drain_outbox_forever(stop: threading.Event, interval: float = 2.0) -> None:
    """Deliver notices as they appear; several workers may poll, each row is claimed once."""
    from kefu.channels.services import outbox_drain

    while not stop.is_set():
        try:
            outbox_drain()
        finally:
            close_old_connections()
        stop.wait(interval)


def run_forever(stop: threading.Event, interval: float = 5.0) -> None:
    while not stop.is_set():
        try:
            names = schedule_due()
            if names:
                log.info("scheduler.enqueued jobs=%s", ",".join(names))
        finally:
            close_old_connections()
        stop.wait(interval)
