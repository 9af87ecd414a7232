"""Ticket writes. Every state change of a ticket happens in one of these functions."""

from kefu.tickets.services.conversation import (
    ReplyResult,
    ticket_attach,
    ticket_note_refused_attachment,
    ticket_reply,
)
from kefu.tickets.services.intake import OpenedTicket, TicketDraft, ticket_open
from kefu.tickets.services.requester import (
    RequesterAction,
    ticket_rate,
    ticket_requester_action,
)
from kefu.tickets.services.staff import (
    ticket_assign,
    ticket_decide_compensation,
    ticket_escalate,
    ticket_link,
    ticket_link_follow_up,
    ticket_update,
)

__all__ = [
    "OpenedTicket",
    "ReplyResult",
    "RequesterAction",
    "TicketDraft",
    "ticket_assign",
    "ticket_attach",
    "ticket_decide_compensation",
    "ticket_escalate",
    "ticket_link",
    "ticket_link_follow_up",
    "ticket_note_refused_attachment",
    "ticket_open",
    "ticket_rate",
    "ticket_reply",
    "ticket_requester_action",
    "ticket_update",
]
