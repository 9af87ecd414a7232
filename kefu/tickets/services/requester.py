"""What a requester can do to their own ticket: each action is first-class and on the timeline."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kefu.accounts.actors import Actor
from kefu.common.errors import DomainError, ErrorCode, FieldError, Forbidden, Invalid, RateLimited
from kefu.common.shielding import shield_text
from kefu.tickets import permissions
from kefu.tickets.models import ACTIVE_STATUSES, Priority, Rating, Status, Ticket
from kefu.tickets.services.common import Change, lock_ticket, notify_assignee
from kefu.tickets.services.staff import raise_tier, reassign_within_tier
from kefu.tickets.transitions import Side

FOLLOW_UP_INTERVAL = timedelta(hours=1)
ESCALATION_REQUEST_INTERVAL = timedelta(hours=24)
PRIORITY_STEPS = [Priority.LOW, Priority.NORMAL, Priority.HIGH]


class RequesterAction(StrEnum):
    FOLLOW_UP = "follow_up"
    REQUEST_ESCALATION = "request_escalation"
    REQUEST_AGENT_CHANGE = "request_agent_change"
    CONFIRM_RESOLVED = "confirm_resolved"
    DISPUTE = "dispute"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"


REASON_REQUIRED = {RequesterAction.REQUEST_AGENT_CHANGE, RequesterAction.DISPUTE}


def ticket_requester_action(
    *, actor: Actor, ticket: Ticket, action: RequesterAction, reason: str = ""
) -> Ticket:
    if not permissions.is_requester(actor, ticket):
        raise Forbidden(_("Only the person who filed this ticket can do this."))
    reason = shield_text(reason[:2000], author_role="requester").text.strip()
    if action in REASON_REQUIRED and not reason:
        raise Invalid(_("Please tell us why."), errors=[FieldError("reason", _("Required."))])
    with transaction.atomic():
        locked = lock_ticket(ticket.pk)
        change = Change(ticket=locked, actor=actor)
        HANDLERS[action](change, reason)
        change.save()
    return locked


def _require_active(ticket: Ticket) -> None:
    if ticket.status not in ACTIVE_STATUSES:
        raise DomainError(
            _("This is only possible while the ticket is open."), code=ErrorCode.TRANSITION_REFUSED
        )


def _follow_up(change: Change, reason: str) -> None:
    ticket = change.ticket
    _require_active(ticket)
    if ticket.last_follow_up_at and change.now - ticket.last_follow_up_at < FOLLOW_UP_INTERVAL:
        raise RateLimited(
            _("You already followed up within the last hour; we have told the agent.")
        )
    change.set("follow_up_count", ticket.follow_up_count + 1)
    change.set("last_follow_up_at", change.now)
    change.event("followed_up", after={"count": ticket.follow_up_count}, reason=reason)
    # Repeated follow-ups raise priority one step (never to urgent: that is for staff to judge).
    if ticket.follow_up_count >= 2 and ticket.priority in PRIORITY_STEPS[:-1]:
        raised = PRIORITY_STEPS[PRIORITY_STEPS.index(Priority(ticket.priority)) + 1]
        change.event(
            "priority_changed",
            before={"priority": ticket.priority},
            after={"priority": raised},
            reason="repeated_follow_up",
        )
        change.set("priority", raised)
    notify_assignee(
        ticket,
        ticket.assignee,
        key=f"follow_up:{ticket.follow_up_count}",
        subject="The requester is waiting (follow-up)",
    )


def _request_escalation(change: Change, reason: str) -> None:
    ticket = change.ticket
    _require_active(ticket)
    if ticket.first_responded_at is None and not ticket.breach_count:
        raise DomainError(
            _("You can ask for a supervisor after the first answer, or once a deadline is missed."),
            code=ErrorCode.TRANSITION_REFUSED,
        )
    if (
        ticket.escalation_requested_at
        and change.now - ticket.escalation_requested_at < ESCALATION_REQUEST_INTERVAL
    ):
        raise RateLimited(_("You asked for a supervisor within the last 24 hours."))
    if ticket.tier >= 4:
        raise DomainError(
            _("This ticket is already with management."), code=ErrorCode.TRANSITION_REFUSED
        )
    change.set("escalation_requested_at", change.now)
    change.event("escalation_requested", reason=reason)
    raise_tier(change, ticket.tier + 1, reason=reason or "requester_request")


def _request_agent_change(change: Change, reason: str) -> None:
    ticket = change.ticket
    _require_active(ticket)
    change.event("agent_change_requested", reason=reason)
    reassign_within_tier(change, reason=reason)


def _confirm_resolved(change: Change, reason: str) -> None:
    change.move(Status.CLOSED, reason=reason or "requester_confirmed", side=Side.REQUESTER)
    change.event("resolution_confirmed", reason=reason)


def _dispute(change: Change, reason: str) -> None:
    ticket = change.ticket
    if ticket.status != Status.RESOLVED:
        raise DomainError(
            _("Only a resolved ticket can be disputed."), code=ErrorCode.TRANSITION_REFUSED
        )
    change.move(Status.OPEN, reason="disputed", side=Side.REQUESTER)
    change.event("disputed", reason=reason)
    # A dispute goes one tier up: the same person should not judge their own resolution.
    if ticket.tier < 4:
        raise_tier(change, ticket.tier + 1, reason="dispute")


def _reopen(change: Change, reason: str) -> None:
    change.move(Status.OPEN, reason=reason or "reopened", side=Side.REQUESTER)
    change.event("reopened", reason=reason)


def _withdraw(change: Change, reason: str) -> None:
    change.move(Status.WITHDRAWN, reason=reason or "withdrawn", side=Side.REQUESTER)


HANDLERS = {
    RequesterAction.FOLLOW_UP: _follow_up,
    RequesterAction.REQUEST_ESCALATION: _request_escalation,
    RequesterAction.REQUEST_AGENT_CHANGE: _request_agent_change,
    RequesterAction.CONFIRM_RESOLVED: _confirm_resolved,
    RequesterAction.DISPUTE: _dispute,
    RequesterAction.REOPEN: _reopen,
    RequesterAction.WITHDRAW: _withdraw,
}


def ticket_rate(
    *,
    actor: Actor,
    ticket: Ticket,
    attitude: int,
    speed: int,
    satisfaction: int,
    comment: str = "",
) -> Rating:
    if not permissions.is_requester(actor, ticket):
        raise Forbidden(_("Only the person who filed this ticket can rate it."))
    errors = [
        FieldError(name, _("Choose 1 to 5."))
        for name, value in (
            ("attitude", attitude),
            ("speed", speed),
            ("satisfaction", satisfaction),
        )
        if not 1 <= value <= 5
    ]
    if errors:
        raise Invalid(_("Ratings go from 1 to 5."), errors=errors)
    comment = shield_text(comment[:2000], author_role="requester").text
    with transaction.atomic():
        locked = lock_ticket(ticket.pk)
        if locked.status not in (Status.RESOLVED, Status.CLOSED):
            raise DomainError(
                _("You can rate the service once your ticket is resolved."),
                code=ErrorCode.TRANSITION_REFUSED,
            )
        change = Change(ticket=locked, actor=actor)
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    ticket=locked,
                    attitude=attitude,
                    speed=speed,
                    satisfaction=satisfaction,
                    comment=comment,
                    created_at=change.now,
                )
        except IntegrityError:
            raise DomainError(
                _("You have already rated this ticket."), code=ErrorCode.CONFLICT
            ) from None
        change.event(
            "rated", after={"attitude": attitude, "speed": speed, "satisfaction": satisfaction}
        )
        change.save()
    return rating
