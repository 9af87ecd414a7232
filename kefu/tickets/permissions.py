"""Pure predicates: who may see or do what on a ticket. No queries here."""

from __future__ import annotations

from decimal import Decimal

from kefu.accounts.actors import Actor
from kefu.accounts.models import Role
from kefu.tickets.models import Ticket


def is_requester(actor: Actor, ticket: Ticket) -> bool:
    if actor.ticket_id is not None and actor.ticket_id == ticket.pk:
        return True
    return actor.user is not None and ticket.requester_id == actor.user.pk


def is_staff_of(actor: Actor, ticket: Ticket) -> bool:
    return actor.membership(ticket.platform_id) is not None


def can_view(actor: Actor, ticket: Ticket) -> bool:
    return is_staff_of(actor, ticket) or is_requester(actor, ticket)


def can_see_internal(actor: Actor, ticket: Ticket) -> bool:
    return is_staff_of(actor, ticket)


def can_decide_compensation(actor: Actor, ticket: Ticket, amount: Decimal | None) -> bool:
    membership = actor.membership(ticket.platform_id)
    if membership is None or not actor.has_role(ticket.platform_id, Role.SUPERVISOR):
        return False
    if amount is None or membership.role == Role.ADMIN and membership.compensation_limit == 0:
        return True
    return amount <= membership.compensation_limit


def can_manage_platform(actor: Actor, platform_id: int) -> bool:
    return actor.has_role(platform_id, Role.ADMIN)
