"""Outbound webhook events: written in the caller's transaction, delivered by the worker.

`emit` is the one entry point. Ticket services reach it through the notify functions
(`notify_requester` / `notify_assignee`), whose notice keys name what happened.
"""

from __future__ import annotations

import uuid
from typing import Any

from kefu.channels.models import ChannelThread, WebhookDelivery, WebhookEvent, WebhookSubscription
from kefu.common import clock
from kefu.tickets.models import Message, Ticket


def ticket_summary(ticket: Ticket) -> dict[str, Any]:
    return {
        "reference": ticket.reference,
        "status": ticket.status,
        "tier": ticket.tier,
        "priority": ticket.priority,
        "category": ticket.category,
        "kind": ticket.kind,
        "channel": ticket.channel,
        "version": ticket.version,
        "updated_at": ticket.updated_at.isoformat() if ticket.updated_at else None,
    }


def emit(ticket: Ticket, event: str, data: dict[str, Any] | None = None) -> int:
    """Queue `event` for every active subscriber of the ticket's platform; returns how many.

    Texts in `data` must already be shielded (they come from stored, shielded rows).
    """
    return _write(ticket, event, data or {}, _subscribers(ticket, event))


def _subscribers(ticket: Ticket, event: str) -> list[WebhookSubscription]:
    if event not in WebhookEvent.values:
        raise ValueError(f"unknown webhook event {event!r}")
    if not ticket.platform.settings.get("webhooks"):
        return []  # never subscribed (see webhook_subscription_create)
    return [
        sub
        for sub in WebhookSubscription.objects.filter(
            platform_id=ticket.platform_id, is_active=True
        ).only("id", "events")
        if event in sub.events or "*" in sub.events
    ]


def _write(
    ticket: Ticket, event: str, data: dict[str, Any], subscriptions: list[WebhookSubscription]
) -> int:
    if not subscriptions:
        return 0
    now = clock.now()
    event_id = uuid.uuid4()
    payload = {
        "id": str(event_id),
        "event": event,
        "created_at": now.isoformat(),
        "platform": ticket.platform.slug,
        "ticket": ticket_summary(ticket),
        "data": data,
    }
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                subscription=sub,
                event_id=event_id,
                event=event,
                payload=payload,
                next_attempt_at=now,
                created_at=now,
            )
            for sub in subscriptions
        ]
    )
    return len(subscriptions)


def _message_data(ticket: Ticket, message_pk: str) -> dict[str, Any]:
    message = Message.objects.filter(ticket=ticket, pk=int(message_pk), internal=False).first()
    if message is None:
        return {}
    data: dict[str, Any] = {
        "message": {
            "id": message.pk,
            "author_role": message.author_role,
            "author_name": message.author_name,
            "employee_id": message.employee_id,
            "body": message.body,
            "channel": message.channel,
            "created_at": message.created_at.isoformat(),
        }
    }
    thread = (
        ChannelThread.objects.filter(ticket=ticket)
        .order_by("-created_at")
        .values("channel", "address")
        .first()
    )
    if thread is not None:
        data["conversation"] = {"channel": thread["channel"], "id": thread["address"]}
    return data


def event_for_notice(key: str, *, audience: str) -> str | None:
    """The webhook event a notice key stands for (keys are set by the ticket services)."""
    head = key.split(":", 1)[0]
    if audience == "requester":
        return {
            "acknowledged": WebhookEvent.TICKET_CREATED,
            "message": WebhookEvent.MESSAGE_CREATED,
            "escalated": WebhookEvent.TICKET_ESCALATED,
            "resolved": WebhookEvent.TICKET_RESOLVED,
        }.get(head, WebhookEvent.TICKET_UPDATED)
    return {
        "message": WebhookEvent.MESSAGE_CREATED,
        "follow_up": WebhookEvent.TICKET_UPDATED,
    }.get(head)


def emit_for_notice(ticket: Ticket, *, key: str, audience: str) -> int:
    event = event_for_notice(key, audience=audience)
    if event is None:
        return 0
    subscriptions = _subscribers(ticket, event)
    if not subscriptions:
        return 0
    data: dict[str, Any] = {"notice": key.split(":", 1)[0]}
    if event == WebhookEvent.MESSAGE_CREATED:
        data.update(_message_data(ticket, key.split(":", 1)[1]))
    return _write(ticket, event, data, subscriptions)
