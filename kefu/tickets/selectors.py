"""Reads, always scoped to what the actor may see. Outside ids go through here, never .get(pk)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from kefu.accounts.actors import Actor
from kefu.common import clock
from kefu.common.db import statements
from kefu.common.errors import Invalid, NotFound
from kefu.common.tokens import digest
from kefu.sla.models import SlaBreach
from kefu.tickets import permissions
from kefu.tickets.models import ACTIVE_STATUSES, Attachment, Message, Ticket, TicketEvent

NOT_FOUND = "No ticket with this reference, or you may not see it."


TICKET_RELATED = ("platform", "assignee", "rating")


def ticket_get_for_actor(
    *,
    actor: Actor,
    reference: str,
    access_token: str | None = None,
    related: tuple[str, ...] = TICKET_RELATED,
) -> Ticket:
    """The ticket if the actor may see it; otherwise NotFound, so references cannot be probed.

    `related=()` reads the ticket row alone (a polled read answered from cache needs nothing
    else; `ticket_with_relations` joins the rest when it is needed after all).
    """
    # Every ticket endpoint starts here: a prepared statement, not an ORM join built afresh.
    ticket = statements.select_one(
        Ticket, '"tickets_ticket"."reference" = %s', [reference.strip().upper()], related=related
    )
    if ticket is None:
        raise NotFound(NOT_FOUND)
    if access_token and digest(access_token) == ticket.access_token_digest:
        actor = Actor(
            kind=actor.kind, user=actor.user, memberships=actor.memberships, ticket_id=ticket.pk
        )
    if not permissions.can_view(actor, ticket):
        raise NotFound(NOT_FOUND)
    ticket._kefu_actor = actor  # type: ignore[attr-defined]  # the actor as proven for this ticket
    return ticket


def ticket_with_relations(ticket: Ticket) -> Ticket:
    """`ticket` with its platform, assignee and rating loaded (one joined statement if they
    are not already); the row is read again, so its fields are the current ones."""
    if Ticket._meta.get_field("platform").is_cached(ticket):
        return ticket
    return _loaded(statements.read_together(_with_relations(ticket))[0])


def _with_relations(ticket: Ticket) -> statements.Read:
    return statements.one(Ticket, '"tickets_ticket"."id" = %s', [ticket.pk], related=TICKET_RELATED)


def _loaded(ticket: Ticket | None) -> Ticket:
    if ticket is None:  # deleted in between
        raise NotFound(NOT_FOUND)
    return ticket


def actor_for_ticket(ticket: Ticket, fallback: Actor) -> Actor:
    return getattr(ticket, "_kefu_actor", fallback)


def ticket_with_timeline(*, ticket: Ticket, include_internal: bool) -> Ticket:
    """Load messages, attachments, events and breaches: four prepared statements, whatever
    the length of the timeline, in one round trip on PostgreSQL (the ticket page and the
    API's detail answer read this)."""
    timeline = statements.read_together(*_timeline_reads(ticket, include_internal))
    return _attach_timeline(ticket, *timeline)


def ticket_with_relations_and_timeline(*, ticket: Ticket, include_internal: bool) -> Ticket:
    """`ticket_with_timeline(ticket=ticket_with_relations(ticket))`, with the ticket's row
    read in the same round trip as its timeline (the timeline is read by the ticket's key)."""
    if Ticket._meta.get_field("platform").is_cached(ticket):
        return ticket_with_timeline(ticket=ticket, include_internal=include_internal)
    full, *timeline = statements.read_together(
        _with_relations(ticket), *_timeline_reads(ticket, include_internal)
    )
    return _attach_timeline(_loaded(full), *timeline)


def _timeline_reads(ticket: Ticket, include_internal: bool) -> list[statements.Read]:
    by_ticket = '"ticket_id" = %s'
    in_order = '"created_at", "id"'
    visible = "" if include_internal else ' AND NOT "internal"'
    public = "" if include_internal else ' AND "public"'
    return [
        statements.every(Message, by_ticket + visible, [ticket.pk], order_by=in_order),
        statements.every(Attachment, by_ticket + visible, [ticket.pk], order_by=in_order),
        statements.every(TicketEvent, by_ticket + public, [ticket.pk], order_by=in_order),
        statements.every(SlaBreach, by_ticket, [ticket.pk]),
    ]


def _attach_timeline(
    ticket: Ticket,
    messages: list[Message],
    attachments: list[Attachment],
    events: list[TicketEvent],
    breaches: list[SlaBreach],
) -> Ticket:
    per_message: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        if attachment.message_id is not None:
            per_message.setdefault(attachment.message_id, []).append(attachment)
    for message in messages:
        statements.attach(message, "attachments", per_message.get(message.pk, []))
    statements.attach(ticket, "messages", messages)
    statements.attach(ticket, "events", events)
    statements.attach(ticket, "breaches", breaches)
    for attachment in attachments:
        Attachment.ticket.field.set_cached_value(attachment, ticket)
    ticket.all_attachments = attachments  # type: ignore[attr-defined]
    return ticket


@dataclass(frozen=True)
class TicketFilters:
    platform: str | None = None
    status: str | None = None
    assignee: str | None = None  # "me", "none", or an employee ID
    tier: int | None = None
    breached: bool | None = None
    category: str | None = None
    q: str | None = None
    queue: str | None = None  # mine | unassigned | breached | active


def _encode_cursor(ticket: Ticket) -> str:
    raw = json.dumps([ticket.created_at.isoformat(), ticket.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return datetime.fromisoformat(created), int(pk)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
        raise Invalid("The cursor is not valid; start again without it.") from exc


def ticket_queryset_for_staff(*, actor: Actor, filters: TicketFilters) -> QuerySet[Ticket]:
    qs = Ticket.objects.filter(platform_id__in=actor.platform_ids).select_related(
        "platform", "assignee"
    )
    if filters.platform:
        qs = qs.filter(platform__slug=filters.platform)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.tier:
        qs = qs.filter(tier=filters.tier)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.assignee == "me" or filters.queue == "mine":
        qs = qs.filter(assignee__user=actor.user)
    elif filters.assignee == "none" or filters.queue == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee:
        qs = qs.filter(assignee__employee_id=filters.assignee)
    if filters.queue in {"mine", "unassigned", "active"}:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    if filters.breached or filters.queue == "breached":
        qs = qs.filter(
            Q(status__in=ACTIVE_STATUSES)
            & (
                Q(first_responded_at__isnull=True, first_response_due__lt=clock.now())
                | Q(resolution_due__lt=clock.now())
                | Q(breach_count__gt=0)
            )
        )
    elif filters.breached is False:
        qs = qs.filter(breach_count=0)
    if filters.q:
        term = filters.q.strip()
        qs = qs.filter(
            Q(reference__iexact=term) | Q(subject__icontains=term) | Q(body__icontains=term)
        )
    return qs.order_by("-created_at", "-id")


def ticket_page_for_staff(
    *, actor: Actor, filters: TicketFilters, cursor: str | None = None, limit: int = 25
) -> tuple[list[Ticket], str | None]:
    qs = ticket_queryset_for_staff(actor=actor, filters=filters)
    if cursor:
        created, pk = _decode_cursor(cursor)
        qs = qs.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=pk))
    rows = list(qs[: limit + 1])
    next_cursor = _encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_cursor


def tickets_for_requester(*, actor: Actor, limit: int = 50) -> list[Ticket]:
    if actor.user is None:
        return []
    return list(
        Ticket.objects.filter(requester=actor.user).select_related("platform", "assignee")[:limit]
    )


def queue_counts(*, actor: Actor, platform_id: int) -> dict[str, Any]:
    """Counts for the console's queue tabs in one query."""
    from django.db.models import Count

    active = Q(status__in=ACTIVE_STATUSES)
    now = clock.now()
    return Ticket.objects.filter(platform_id=platform_id).aggregate(
        mine=Count("id", filter=active & Q(assignee__user=actor.user)),
        unassigned=Count("id", filter=active & Q(assignee__isnull=True)),
        active=Count("id", filter=active),
        breached=Count(
            "id",
            filter=active
            & (
                Q(first_responded_at__isnull=True, first_response_due__lt=now)
                | Q(resolution_due__lt=now)
                | Q(breach_count__gt=0)
            ),
        ),
    )


def collectives_open(*, platform_slug: str) -> list[dict[str, Any]]:
    """Open collective complaints users can join: members and total claimed per currency."""
    from django.db.models import Count, Sum

    from kefu.tickets.models import Collective

    collectives = list(
        Collective.objects.filter(
            platform__slug=platform_slug, platform__is_active=True, is_open=True
        )
        .annotate(members=Count("tickets"))
        .order_by("-created_at")[:100]
    )
    totals: dict[int, dict[str, str]] = {}
    for row in (
        Ticket.objects.filter(collective__in=collectives, claim_amount__isnull=False)
        .values("collective_id", "claim_currency")
        .annotate(total=Sum("claim_amount"))
    ):
        totals.setdefault(row["collective_id"], {})[row["claim_currency"]] = (
            f"{row['total'].normalize():f}"
        )
    return [
        {
            "code": c.code,
            "title": c.title,
            "incident": c.incident,
            "members": c.members,
            "claimed": totals.get(c.pk, {}),
            "created_at": c.created_at,
        }
        for c in collectives
    ]
