"""Ticket endpoints: parse → fetch with access check → service → shape. Nothing else."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.cache import caches
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import NinjaJSONEncoder, Status

from kefu.common.errors import FieldError, Invalid, RateLimited
from kefu.common.idempotency import (
    idempotency_check_key,
    idempotency_lookup,
    idempotency_record,
    idempotency_scope,
)
from kefu.common.ratelimit import limit_intake
from kefu.config.api import actor_from_request, api
from kefu.tickets import permissions, presenters, selectors, services
from kefu.tickets.models import Ticket
from kefu.tickets.schemas import (
    ActionIn,
    AttachmentOut,
    CompensationIn,
    EscalateIn,
    LinkIn,
    LinkOut,
    MessageCreatedOut,
    MessageIn,
    RatingIn,
    RatingOut,
    TicketCreatedOut,
    TicketIn,
    TicketOut,
    TicketPageOut,
    TicketPatchIn,
)
from kefu.tickets.services.intake import derive_access_token
from kefu.tickets.services.staff import TicketPatch

router = Router(tags=["tickets"])


_ENCODER = NinjaJSONEncoder()


def _api_time(instant: datetime | None) -> str | None:
    """A time as every other answer of the API writes it (ninja's encoder: ms, "Z")."""
    return None if instant is None else _ENCODER.default(instant)


def _ticket(
    request: HttpRequest, reference: str, related: tuple[str, ...] = selectors.TICKET_RELATED
) -> Ticket:
    return selectors.ticket_get_for_actor(
        actor=actor_from_request(request),
        reference=reference,
        access_token=request.headers.get("X-Access-Token"),
        related=related,
    )


def _actor(request: HttpRequest, ticket: Ticket):  # type: ignore[no-untyped-def]
    return selectors.actor_for_ticket(ticket, actor_from_request(request))


def _detail(ticket: Ticket, actor: Any) -> dict[str, Any]:
    """The ticket as its viewer may see it, validated against TicketOut, cached per (ticket,
    version, audience).

    Every change goes through a service that bumps `version`, so a cached answer is never
    stale; only the time-dependent `breached` flag is computed afresh.
    """
    internal = permissions.can_see_internal(actor, ticket)
    key = f"kefu:ticket:{ticket.reference}:{ticket.pk}:v{ticket.version}:{'staff' if internal else 'public'}"
    data = caches["local"].get(key)
    if data is None:
        loaded = selectors.ticket_with_relations_and_timeline(
            ticket=ticket, include_internal=internal
        )
        data = TicketOut.model_validate(presenters.ticket_detail(loaded)).model_dump()
        if loaded.version == ticket.version:  # not changed between the two reads
            caches["local"].set(key, data, timeout=600)
    data["breached"] = presenters.is_breached(ticket)
    return data


def _detail_response(request: HttpRequest, ticket: Ticket, actor: Any) -> HttpResponse:
    # Already validated when cached: rendered as ninja would, without validating again
    # (a tracking page polls this; validation cost more than everything else together).
    return api.create_response(request, _detail(ticket, actor), status=200)


@router.post("", response={201: TicketCreatedOut}, summary="Open a ticket or complaint")
def create_ticket(request: HttpRequest, payload: TicketIn) -> Status[dict[str, Any]] | HttpResponse:
    actor = actor_from_request(request)
    key = idempotency_check_key(request.headers.get("Idempotency-Key"))
    principal = actor.label if actor.user else "anonymous"
    scope = idempotency_scope(principal=principal, path=request.path, body=request.body)
    draft = services.TicketDraft(
        platform=payload.platform,
        kind=payload.kind,
        subject=payload.subject,
        body=payload.body,
        category=payload.category,
        desired_outcomes=list(payload.desired_outcomes),
        claim_amount=payload.claim.amount if payload.claim else None,
        claim_currency=payload.claim.currency if payload.claim else "",
        incident_at=payload.incident_at,
        staff_name=payload.staff.name if payload.staff else "",
        staff_employee_id=payload.staff.employee_id if payload.staff else "",
        chain_refs=payload.chain_refs,
        contact=payload.contact.model_dump(exclude_none=True) if payload.contact else {},
        channel=payload.channel,
        collective=payload.collective or "",
    )

    def answer_for(opened: services.OpenedTicket) -> dict[str, Any]:
        ticket = opened.ticket
        return {
            "reference": ticket.reference,
            "access_token": opened.access_token,
            "status": ticket.status,
            "created_at": _api_time(ticket.created_at),
            "due": {
                "first_response_at": _api_time(ticket.first_response_due),
                "resolution_at": _api_time(ticket.resolution_due),
            },
            "redactions": opened.redactions,
            "warnings": opened.warnings,
        }

    def replay(stored: dict[str, Any]) -> Status[dict[str, Any]]:
        # The token was never stored: it is derived again from the secret key and the scope.
        token = derive_access_token(reference=stored["reference"], idempotency_scope=scope)
        return Status(201, {**stored, "access_token": token})

    # No lookup first: a repeated key is rare, and the record's unique index refuses the
    # second create inside its transaction (the ticket rolls back with it); then the first
    # answer is replayed below. A first-time create saves a query.
    def remember(opened: services.OpenedTicket) -> None:
        if key:
            stored = {k: v for k, v in answer_for(opened).items() if k != "access_token"}
            idempotency_record(scope=scope, key=key, status=201, answer=stored)

    try:
        opened = services.ticket_open(
            actor=actor,
            draft=draft,
            idempotency_scope=scope if key else None,
            in_transaction=remember,
            admit=lambda: limit_intake(request, actor),
        )
    except (RateLimited, IntegrityError):
        # A retry of a create that went through is answered, over the limit or not; a
        # unique-key refusal means the same key was used before (or by a concurrent twin
        # that committed first).
        existing = idempotency_lookup(scope=scope, key=key) if key else None
        if existing is None:
            raise
        return replay(existing[1])
    # The answer is built here from typed values (TicketCreatedOut documents it; tests check
    # the shape): rendered as ninja would, without validating it again.
    return api.create_response(request, answer_for(opened), status=201)


class ListFilters(Schema):
    platform: str | None = None
    status: str | None = None
    assignee: str | None = None
    tier: int | None = None
    breached: bool | None = None
    category: str | None = None
    q: str | None = None
    queue: str | None = None
    cursor: str | None = None
    limit: int = 25


@router.get("", response=TicketPageOut, summary="List tickets (staff)")
def list_tickets(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    actor = actor_from_request(request)
    if not actor.is_staff:
        raise Invalid(
            "Only platform staff can list tickets; requesters use their reference.",
            errors=[FieldError("authorization", "Staff token or session required.")],
        )
    if not 1 <= filters.limit <= 100:
        raise Invalid(
            "limit must be between 1 and 100.", errors=[FieldError("limit", "Between 1 and 100.")]
        )
    rows, next_cursor = selectors.ticket_page_for_staff(
        actor=actor,
        filters=selectors.TicketFilters(
            platform=filters.platform,
            status=filters.status,
            assignee=filters.assignee,
            tier=filters.tier,
            breached=filters.breached,
            category=filters.category,
            q=filters.q,
            queue=filters.queue,
        ),
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": [presenters.ticket_summary(t) for t in rows], "next_cursor": next_cursor}


@router.get("/{reference}", response=TicketOut, summary="One ticket with its timeline")
def get_ticket(request: HttpRequest, reference: str) -> HttpResponse:
    # The row alone: a polled read is answered from the cache (ticket_with_relations joins
    # platform, assignee and rating when the answer must be built).
    ticket = _ticket(request, reference, related=())
    return _detail_response(request, ticket, _actor(request, ticket))


@router.patch("/{reference}", response=TicketOut, summary="Change status, priority, assignee")
def patch_ticket(request: HttpRequest, reference: str, payload: TicketPatchIn) -> dict[str, Any]:
    ticket = _ticket(request, reference)
    actor = _actor(request, ticket)
    if_match = request.headers.get("If-Match")
    expected = None
    if if_match is not None:
        try:
            expected = int(if_match.strip().strip('"').removeprefix("W/").strip('"'))
        except ValueError:
            raise Invalid(
                "If-Match must be the ticket's version number.",
                errors=[FieldError("If-Match", "A number, e.g. 3.")],
            ) from None
    updated = services.ticket_update(
        actor=actor,
        ticket=ticket,
        expected_version=expected,
        patch=TicketPatch(
            status=payload.status,
            priority=payload.priority,
            category=payload.category,
            assignee=payload.assignee,
            resolution_type=payload.resolution.type if payload.resolution else None,
            resolution_summary=payload.resolution.summary if payload.resolution else None,
        ),
    )
    return _detail(updated, actor)


@router.post("/{reference}/messages", response={201: MessageCreatedOut}, summary="Add a message")
def post_message(request: HttpRequest, reference: str, payload: MessageIn) -> Status[Any]:
    ticket = _ticket(request, reference)
    result = services.ticket_reply(
        actor=_actor(request, ticket),
        ticket=ticket,
        body=payload.body,
        internal=payload.internal,
        channel="web" if request.user.is_authenticated else "app",
    )
    message = presenters.message_dict(result.message)
    message.update(redactions=result.redactions, flags=result.flags, warnings=result.warnings)
    return Status(201, message)


@router.post("/{reference}/attachments", response={201: AttachmentOut}, summary="Add evidence")
def post_attachment(request: HttpRequest, reference: str, file: File[UploadedFile]) -> Status[Any]:
    ticket = _ticket(request, reference)
    attachment = services.ticket_attach(actor=_actor(request, ticket), ticket=ticket, upload=file)
    return Status(201, presenters.attachment_dict(attachment))


@router.post("/{reference}/actions", response=TicketOut, summary="A requester's action")
def post_action(request: HttpRequest, reference: str, payload: ActionIn) -> dict[str, Any]:
    ticket = _ticket(request, reference)
    actor = _actor(request, ticket)
    updated = services.ticket_requester_action(
        actor=actor,
        ticket=ticket,
        action=services.RequesterAction(payload.action),
        reason=payload.reason,
    )
    return _detail(updated, actor)


@router.post("/{reference}/rating", response={201: RatingOut}, summary="Rate the service")
def post_rating(request: HttpRequest, reference: str, payload: RatingIn) -> Status[Any]:
    ticket = _ticket(request, reference)
    rating = services.ticket_rate(
        actor=_actor(request, ticket),
        ticket=ticket,
        attitude=payload.attitude,
        speed=payload.speed,
        satisfaction=payload.satisfaction,
        comment=payload.comment,
    )
    return Status(201, rating)


@router.post("/{reference}/escalate", response=TicketOut, summary="Escalate to a higher tier")
def post_escalate(request: HttpRequest, reference: str, payload: EscalateIn) -> dict[str, Any]:
    ticket = _ticket(request, reference)
    actor = _actor(request, ticket)
    updated = services.ticket_escalate(
        actor=actor, ticket=ticket, tier=payload.tier, reason=payload.reason
    )
    return _detail(updated, actor)


@router.post("/{reference}/compensation", response=TicketOut, summary="Decide compensation")
def post_compensation(
    request: HttpRequest, reference: str, payload: CompensationIn
) -> dict[str, Any]:
    ticket = _ticket(request, reference)
    actor = _actor(request, ticket)
    updated = services.ticket_decide_compensation(
        actor=actor,
        ticket=ticket,
        decision=payload.decision,
        amount=payload.amount,
        currency=payload.currency,
        reason=payload.reason,
    )
    return _detail(updated, actor)


@router.post("/{reference}/links", response={201: LinkOut}, summary="Link or merge tickets")
def post_link(request: HttpRequest, reference: str, payload: LinkIn) -> Status[Any]:
    ticket = _ticket(request, reference)
    link = services.ticket_link(
        actor=_actor(request, ticket),
        ticket=ticket,
        other_reference=payload.reference,
        relation=payload.relation,
    )
    return Status(201, {"reference": link.to_ticket.reference, "relation": link.relation})
