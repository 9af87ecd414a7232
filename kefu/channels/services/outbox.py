"""The outbox: notifications are written with the change and delivered by the worker.

`outbox_drain` is what the worker polls (every 2 s); it also delivers due webhook events, and
`outbox_release_stale` also frees stuck webhook claims and forgets old replay-protection ids.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F

from kefu.channels.models import OutboxMessage, OutboxStatus
from kefu.common import clock
from kefu.common.db import statements

log = logging.getLogger("kefu.outbox")
MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = timedelta(minutes=5)


class DeliveryRefused(Exception):
    """A permanent failure: retrying cannot help (no bot configured, chat blocked the bot)."""


def outbox_enqueue(
    *,
    platform_id: int,
    ticket_id: int | None,
    recipient: str,
    subject: str,
    body: str,
    idempotency_key: str,
    channel: str = "email",
    available_at: datetime | None = None,
    headers: dict[str, Any] | None = None,
    language: str = "",
) -> None:
    """Write a notice inside the caller's transaction (texts were shielded by the caller).

    A notice with an idempotency key already present is dropped, without aborting the
    caller's transaction. The worker polls the outbox (`outbox_drain`), so writing a notice
    costs one INSERT and no extra transaction.
    """
    now = clock.now()
    statements.insert(
        [
            OutboxMessage(
                platform_id=platform_id,
                ticket_id=ticket_id,
                channel=channel,
                recipient=recipient,
                subject=subject[:255],
                body=body,
                headers=headers or {},
                language=language,
                idempotency_key=idempotency_key,
                available_at=available_at or now,
                created_at=now,
            )
        ],
        ignore_conflicts=True,
    )


def _send(message: OutboxMessage) -> None:
    if message.channel == "email":
        if message.headers:
            from kefu.channels.services.mail_out import send_outbox_mail

            send_outbox_mail(message)
            return
        EmailMessage(  # a staff notice: plain, as before
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={
                "Auto-Submitted": "auto-generated",
                # Stable per notice: a resend after a crash is recognisable as the same mail.
                "Message-ID": f"<outbox-{message.pk}@{settings.KEFU_MAIL_DOMAIN}>",
            },
        ).send()
    elif message.channel == "telegram":
        from kefu.channels.services.telegram_api import send_outbox_telegram

        send_outbox_telegram(message)
    else:
        raise DeliveryRefused(f"no delivery for channel {message.channel}")


def outbox_deliver(*, message_id: int) -> bool:
    """Claim and send one notice; safe to run twice or from two workers at once."""
    now = clock.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxStatus.PENDING, available_at__lte=now
    ).update(status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = OutboxMessage.objects.select_related("platform", "ticket").get(pk=message_id)
    try:
        _send(message)
    except DeliveryRefused as exc:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED, last_error=str(exc)[:255]
        )
        log.warning("outbox.refused id=%s channel=%s", message.pk, message.channel)
        return False
    except (OSError, smtplib.SMTPException) as exc:
        retry = message.attempts < MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.PENDING if retry else OutboxStatus.FAILED,
            available_at=now + timedelta(seconds=30 * 2**message.attempts),
            last_error=type(exc).__name__,
        )
        log.warning(
            "outbox.failed id=%s attempts=%s error=%s",
            message.pk,
            message.attempts,
            type(exc).__name__,
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, sent_at=clock.now()
    )
    log.info("outbox.sent id=%s channel=%s", message.pk, message.channel)
    return True


def outbox_release_stale() -> int:
    """Return notices (and webhook deliveries) whose worker died mid-send to the queue
    (at-least-once delivery), and forget replay-protection ids older than a day."""
    from kefu.channels.services.webhooks_out import webhook_release_stale

    cutoff = clock.now() - CLAIM_TIMEOUT
    released = OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, claimed_at__lt=cutoff
    ).update(status=OutboxStatus.PENDING)
    return released + webhook_release_stale()


def outbox_drain(*, limit: int = 500) -> int:
    """Deliver pending notices whose time has come (staff notices wait for support hours),
    then due webhook events."""
    from kefu.channels.services.webhooks_out import webhook_drain

    ids = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, available_at__lte=clock.now())
        .order_by("available_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    sent = sum(1 for message_id in ids if outbox_deliver(message_id=message_id))
    return sent + webhook_drain(limit=limit)
