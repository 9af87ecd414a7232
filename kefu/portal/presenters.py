"""What the web pages show: the timeline in plain words and the buttons a requester gets.

Display only. Which moves are allowed comes from `kefu.tickets.transitions`; the services
decide again (and refuse) when a button is pressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.tickets.models import (
    ACTIVE_STATUSES,
    TIER_LABELS,
    Category,
    Message,
    Priority,
    ResolutionType,
    Status,
    Ticket,
    TicketEvent,
)
from kefu.tickets.services import RequesterAction
from kefu.tickets.transitions import Side, allowed_targets

SECRET_KIND_LABELS = {
    "mnemonic": gettext_lazy("seed phrase"),
    "private_key": gettext_lazy("private key"),
    "wif": gettext_lazy("WIF private key"),
    "extended_private_key": gettext_lazy("extended private key"),
    "keystore": gettext_lazy("keystore file"),
    "password": gettext_lazy("password"),
}

RISK_LABELS = {
    "asks_for_secret": gettext_lazy("asks for a secret"),
    "asks_for_payment": gettext_lazy("asks for a payment or fee"),
    "remote_access": gettext_lazy("asks for remote access"),
    "off_platform_contact": gettext_lazy("moves the talk off the platform"),
    "shares_secret": gettext_lazy("contains a secret"),
}


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _tier(value: Any) -> str:
    return str(TIER_LABELS.get(int(value), value)) if str(value).isdigit() else str(value)


def event_text(event: TicketEvent, *, for_staff: bool) -> str:
    """One sentence for one timeline event."""
    after, before = event.after or {}, event.before or {}
    kind = event.kind
    if kind == "created":
        return _("Complaint received.")
    if kind == "status_changed":
        return _("Status: %(before)s → %(after)s.") % {
            "before": _label(Status, before.get("status")),
            "after": _label(Status, after.get("status")),
        }
    if kind == "assigned":
        if after.get("assignee"):
            return _("Assigned to employee ID %(id)s.") % {"id": after["assignee"]}
        return _("Unassigned.")
    if kind == "escalated":
        return _("Escalated to tier %(tier)s (%(label)s).") % {
            "tier": after.get("tier"),
            "label": _tier(after.get("tier")),
        }
    if kind == "redacted":
        kinds = ", ".join(
            str(SECRET_KIND_LABELS.get(str(item.get("kind")), item.get("kind")))
            for item in after.get("redactions", [])
        )
        return _("Secrets were hidden before saving: %(kinds)s.") % {"kinds": kinds}
    if kind == "attachment_added":
        return _("File added: %(name)s.") % {"name": after.get("name", "")}
    if kind == "followed_up":
        return _("The requester followed up.")
    if kind == "escalation_requested":
        return _("The requester asked for a supervisor.")
    if kind == "agent_change_requested":
        return _("The requester asked for another agent.")
    if kind == "resolution_confirmed":
        return _("The requester confirmed the resolution.")
    if kind == "disputed":
        return _("The requester disputed the resolution.")
    if kind == "reopened":
        return _("Reopened.")
    if kind == "rated":
        return _("Rated: attitude %(a)s, speed %(s)s, satisfaction %(t)s (out of 5).") % {
            "a": after.get("attitude"),
            "s": after.get("speed"),
            "t": after.get("satisfaction"),
        }
    if kind == "priority_changed":
        return _("Priority: %(before)s → %(after)s.") % {
            "before": _label(Priority, before.get("priority")),
            "after": _label(Priority, after.get("priority")),
        }
    if kind == "category_changed":
        return _("Category: %(before)s → %(after)s.") % {
            "before": _label(Category, before.get("category")),
            "after": _label(Category, after.get("category")),
        }
    if kind == "compensation_decided":
        return _("Compensation decision: %(decision)s %(amount)s %(currency)s.") % {
            "decision": _label_decision(after.get("decision")),
            "amount": after.get("amount") or "",
            "currency": after.get("currency") or "",
        }
    if kind == "linked":
        return _("Linked with %(reference)s.") % {"reference": after.get("reference", "")}
    if kind == "note_added":
        return _("Internal note added.")
    if kind == "sla_breached":
        return _("A deadline was missed.")
    return kind.replace("_", " ")


def _label_decision(value: Any) -> str:
    from kefu.tickets.models import CompensationDecision

    return _label(CompensationDecision, value)


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: a message or an event."""

    at: datetime
    message: Message | None = None
    text: str = ""
    reason: str = ""
    actor_name: str = ""
    public: bool = True


# Events that repeat what a message already shows.
_SILENT_EVENTS = {"message_added"}


def timeline(ticket: Ticket, *, for_staff: bool) -> list[Entry]:
    """Messages and events in time order (expects `ticket_with_timeline`)."""
    entries = [Entry(at=m.created_at, message=m) for m in ticket.messages.all()]
    for event in ticket.events.all():
        if event.kind in _SILENT_EVENTS:
            continue
        if event.kind == "note_added" and not for_staff:
            continue
        entries.append(
            Entry(
                at=event.created_at,
                text=event_text(event, for_staff=for_staff),
                reason=_reason_text(event.reason),
                actor_name=event.actor_name,
                public=event.public,
            )
        )
    entries.sort(key=lambda entry: (entry.at, entry.message is None))
    return entries


# Machine reasons the services write; the rest is what a person typed.
_REASONS = {
    "first_response": gettext_lazy("first answer"),
    "requester_replied": gettext_lazy("the requester replied"),
    "replied_by_mail": gettext_lazy("the requester answered by e-mail"),
    "follow_up": gettext_lazy("a new message after the complaint was finished"),
    "requester_confirmed": gettext_lazy("the requester confirmed"),
    "disputed": gettext_lazy("disputed"),
    "reopened": gettext_lazy("reopened"),
    "withdrawn": gettext_lazy("withdrawn"),
    "dispute": gettext_lazy("dispute"),
    "escalation": gettext_lazy("escalation"),
    "manual": "",
    "agent_change": gettext_lazy("agent change"),
    "requester_request": gettext_lazy("the requester asked"),
    "repeated_follow_up": gettext_lazy("repeated follow-ups"),
}


def _reason_text(reason: str) -> str:
    if not reason:
        return ""
    if reason in _REASONS:
        return str(_REASONS[reason])
    if reason in ResolutionType.values:
        return _label(ResolutionType, reason)
    if reason.startswith("merged_into:"):
        return _("merged into %(reference)s") % {"reference": reason.split(":", 1)[1]}
    return reason


@dataclass(frozen=True)
class ActionButton:
    action: str
    label: str
    needs_reason: bool = False
    style: str = ""


def requester_actions(ticket: Ticket) -> list[ActionButton]:
    """The buttons to show in this status (the service checks again when pressed)."""
    targets = set(allowed_targets(ticket.status, Side.REQUESTER))
    buttons: list[ActionButton] = []
    A = RequesterAction
    if ticket.status in ACTIVE_STATUSES:
        buttons += [
            ActionButton(A.FOLLOW_UP, _("Follow up")),
            ActionButton(A.REQUEST_ESCALATION, _("Ask for a supervisor")),
            ActionButton(A.REQUEST_AGENT_CHANGE, _("Ask for another agent"), needs_reason=True),
        ]
    if ticket.status == Status.RESOLVED and Status.CLOSED in targets:
        buttons.append(ActionButton(A.CONFIRM_RESOLVED, _("Yes, it is resolved"), style="primary"))
        buttons.append(ActionButton(A.DISPUTE, _("No, I dispute this"), needs_reason=True))
    elif ticket.status not in ACTIVE_STATUSES and Status.OPEN in targets:
        buttons.append(ActionButton(A.REOPEN, _("Reopen")))
    if Status.WITHDRAWN in targets:
        buttons.append(ActionButton(A.WITHDRAW, _("Withdraw my complaint"), style="quiet"))
    return buttons


def may_rate(ticket: Ticket) -> bool:
    """Show the rating form (the service decides; this only hides a form that would fail)."""
    return (
        ticket.status in (Status.RESOLVED, Status.CLOSED)
        and getattr(ticket, "rating", None) is None
    )


def secret_kinds(redactions: list[dict[str, Any]]) -> str:
    return ", ".join(
        str(SECRET_KIND_LABELS.get(str(item.get("kind")), item.get("kind"))) for item in redactions
    )


STATUS_SENTENCES = {
    Status.NEW: gettext_lazy("Received: waiting for a first answer from the team."),
    Status.OPEN: gettext_lazy("Being handled by the team."),
    Status.AWAITING_REQUESTER: gettext_lazy("The team is waiting for your reply."),
    Status.RESOLVED: gettext_lazy(
        "The team says it is resolved. Please confirm, or dispute it if it is not."
    ),
    Status.CLOSED: gettext_lazy("Closed."),
    Status.WITHDRAWN: gettext_lazy("You withdrew this complaint."),
}


def status_sentence(ticket: Ticket) -> str:
    return str(STATUS_SENTENCES.get(Status(ticket.status), ""))
