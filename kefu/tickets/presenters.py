"""Turn tickets into the API's shapes (and the pages' context). No queries beyond what the
selector pre-loaded."""

from __future__ import annotations

from typing import Any

from kefu.common import clock
from kefu.tickets.models import ACTIVE_STATUSES, Attachment, Message, Ticket


def person(ticket: Ticket) -> dict[str, str] | None:
    if ticket.assignee is None:
        return None
    return {"name": ticket.assignee.display_name, "employee_id": ticket.assignee.employee_id}


def is_breached(ticket: Ticket) -> bool:
    if ticket.breach_count:
        return True
    if ticket.status not in ACTIVE_STATUSES:
        return False
    now = clock.now()
    if (
        ticket.first_responded_at is None
        and ticket.first_response_due
        and ticket.first_response_due < now
    ):
        return True
    return bool(ticket.resolution_due and ticket.resolution_due < now)


def ticket_summary(ticket: Ticket) -> dict[str, Any]:
    return {
        "reference": ticket.reference,
        "platform": ticket.platform.slug,
        "kind": ticket.kind,
        "subject": ticket.subject,
        "category": ticket.category,
        "status": ticket.status,
        "priority": ticket.priority,
        "tier": ticket.tier,
        "assignee": person(ticket),
        "created_at": ticket.created_at,
        "first_response_due": ticket.first_response_due,
        "resolution_due": ticket.resolution_due,
        "breached": is_breached(ticket),
        "version": ticket.version,
    }


def attachment_dict(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "sha256": attachment.sha256,
        "created_at": attachment.created_at,
    }


def message_dict(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author_role": message.author_role,
        "author_name": message.author_name,
        "employee_id": message.employee_id or None,
        "body": message.body,
        "internal": message.internal,
        "created_at": message.created_at,
        "attachments": [attachment_dict(a) for a in message.attachments.all()],
        "redactions": message.redactions,
        "flags": message.flags,
    }


def ticket_detail(ticket: Ticket) -> dict[str, Any]:
    """Expects ticket_with_timeline(): messages, attachments and events pre-loaded."""
    rating = getattr(ticket, "rating", None)  # select_related; None when not rated
    data = ticket_summary(ticket)
    data.update(
        {
            "body": ticket.body,
            "desired_outcomes": ticket.desired_outcomes,
            "claim": (
                {
                    "amount": f"{ticket.claim_amount.normalize():f}",
                    "currency": ticket.claim_currency,
                }
                if ticket.claim_amount is not None
                else None
            ),
            "incident_at": ticket.incident_at,
            "staff": (
                {"name": ticket.staff_name, "employee_id": ticket.staff_employee_id}
                if ticket.staff_name or ticket.staff_employee_id
                else None
            ),
            "chain_refs": ticket.chain_refs,
            "channel": ticket.channel,
            "updated_at": ticket.updated_at,
            "due": {
                "first_response_at": ticket.first_response_due,
                "resolution_at": ticket.resolution_due,
            },
            "sla": {
                "first_response_due": ticket.first_response_due,
                "resolution_due": ticket.resolution_due,
                "breached": [
                    {"kind": b.kind, "due_at": b.due_at, "breached_at": b.breached_at}
                    for b in ticket.breaches.all()
                ],
            },
            "resolution": (
                {"type": ticket.resolution_type, "summary": ticket.resolution_summary}
                if ticket.resolution_type
                else None
            ),
            "compensation": (
                {
                    "decision": ticket.compensation_decision,
                    "amount": (
                        f"{ticket.compensation_amount.normalize():f}"
                        if ticket.compensation_amount is not None
                        else None
                    ),
                    "currency": ticket.compensation_currency,
                }
                if ticket.compensation_decision
                else None
            ),
            "rating": (
                {
                    "attitude": rating.attitude,
                    "speed": rating.speed,
                    "satisfaction": rating.satisfaction,
                    "comment": rating.comment,
                }
                if rating is not None
                else None
            ),
            "redactions": ticket.redactions,
            "messages": [message_dict(m) for m in ticket.messages.all()],
            "attachments": [attachment_dict(a) for a in getattr(ticket, "all_attachments", [])],
            "events": [
                {
                    "kind": e.kind,
                    "actor_role": e.actor_role,
                    "actor_name": e.actor_name,
                    "before": e.before,
                    "after": e.after,
                    "reason": e.reason,
                    "created_at": e.created_at,
                }
                for e in ticket.events.all()
            ],
        }
    )
    return data
