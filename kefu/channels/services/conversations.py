"""Chats outside Kefu (Telegram, bridged DMs): one active ticket per conversation."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import override

from kefu.accounts.actors import ANONYMOUS, Actor, ActorKind
from kefu.channels.models import ChannelThread
from kefu.channels.texts import lang_of
from kefu.common import clock
from kefu.common.shielding import redaction_warnings
from kefu.platforms.models import Platform
from kefu.tickets.models import ACTIVE_STATUSES, Kind, Ticket
from kefu.tickets.services import (
    TicketDraft,
    ticket_link_follow_up,
    ticket_open,
    ticket_reply,
)

SUBJECT_LINE_MAX = 120


@dataclass(frozen=True)
class ConversationResult:
    ticket: Ticket
    opened: bool
    access_token: str | None  # only when the ticket was just opened
    redactions: list[dict[str, object]]
    warnings: list[str]


def requester_actor(ticket: Ticket) -> Actor:
    """The requester as proven by the channel (a signed webhook, a Telegram chat)."""
    return Actor(kind=ActorKind.REQUESTER, ticket_id=ticket.pk)


def thread_ticket(*, platform: Platform, channel: str, address: str) -> Ticket | None:
    """The conversation's active ticket (one reopened on the portal included), else its
    newest one, finished."""
    threads = list(
        ChannelThread.objects.select_related("ticket", "ticket__platform")
        .filter(platform=platform, channel=channel, address=address)
        .order_by("-created_at", "-id")[:20]
    )
    active = next((t.ticket for t in threads if t.ticket.status in ACTIVE_STATUSES), None)
    return active or (threads[0].ticket if threads else None)


def subject_from(text: str, fallback: str) -> str:
    """The first line, if short enough to pass the shield whole (never a cut-off secret)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if 0 < len(first) <= SUBJECT_LINE_MAX else fallback


def conversation_message(
    *,
    platform: Platform,
    channel: str,
    address: str,
    text: str,
    contact: dict[str, str],
    language: str,
    fallback_subject: str,
    token_scope: str,
) -> ConversationResult:
    """Continue the conversation's active ticket, or open a new one. Call inside a transaction."""
    ticket = thread_ticket(platform=platform, channel=channel, address=address)
    with override(lang_of(language)):
        if ticket is not None and ticket.status in ACTIVE_STATUSES:
            reply = ticket_reply(
                actor=requester_actor(ticket), ticket=ticket, body=text, channel=channel
            )
            return ConversationResult(ticket, False, None, reply.redactions, reply.warnings)
        opened = ticket_open(
            actor=ANONYMOUS,
            draft=TicketDraft(
                platform=platform.slug,
                subject=subject_from(text, fallback_subject),
                body=text,
                kind=str(platform.settings.get("channel_ticket_kind", Kind.INQUIRY)),
                contact=contact,
                channel=channel,
            ),
            idempotency_scope=token_scope,
        )
        ChannelThread.objects.create(
            platform=platform,
            channel=channel,
            address=address,
            ticket=opened.ticket,
            created_at=clock.now(),
        )
        if ticket is not None:
            # The conversation's previous ticket is finished: the new one is linked to it, so
            # the agent sees the history.
            ticket_link_follow_up(ticket=opened.ticket, previous=ticket)
        warnings = opened.warnings or redaction_warnings(opened.redactions)
        return ConversationResult(
            opened.ticket, True, opened.access_token, opened.redactions, warnings
        )
