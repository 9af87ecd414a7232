"""Periodic jobs, scheduled once per time slot however many workers run (see scheduler)."""

from django.conf import settings
from django_tasks import task

from kefu.channels.services import outbox_drain, outbox_release_stale
from kefu.channels.services.telegram_media import telegram_media_sweep
from kefu.sla import services

JOBS = {
    "sla_sweep": services.sla_sweep,
    "sla_warn": services.sla_warn,
    "silence_sweep": services.silence_sweep,
    "awaiting_sweep": services.awaiting_sweep,
    "autoclose_sweep": services.autoclose_sweep,
    "outbox_drain": outbox_drain,
    "outbox_release_stale": outbox_release_stale,
    "telegram_media_sweep": telegram_media_sweep,
}


@task()
def run_periodic(name: str) -> int:
    if name == "sla_sweep":
        return services.sla_sweep(batch=settings.KEFU_SLA_SWEEP_BATCH)
    return int(JOBS[name]())
