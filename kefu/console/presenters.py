"""What the console shows: the next deadline of a ticket, canned responses filled in."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from kefu.accounts.models import Membership
from kefu.tickets.models import ACTIVE_STATUSES, Macro, Ticket


def next_due(ticket: Ticket) -> datetime | None:
    """The deadline the team is working against now (first answer, then the solution)."""
    if ticket.status not in ACTIVE_STATUSES:
        return None
    if ticket.first_responded_at is None and ticket.first_response_due is not None:
        return ticket.first_response_due
    return ticket.resolution_due


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def macro_fill(macro: Macro, *, ticket: Ticket, membership: Membership | None) -> str:
    """The canned text with {requester_name} {reference} {agent_name} {employee_id} filled."""
    contact = ticket.contact or {}
    values = _Keep(
        requester_name=contact.get("name") or _("customer"),
        reference=ticket.reference,
        agent_name=membership.display_name if membership else "",
        employee_id=membership.employee_id if membership else "",
    )
    try:
        return macro.body.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return macro.body
