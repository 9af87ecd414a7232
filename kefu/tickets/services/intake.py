"""Opening a ticket or complaint: validate, shield, compute deadlines, store, acknowledge."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kefu import chains
from kefu.accounts.actors import Actor
from kefu.accounts.models import User
from kefu.common import clock
from kefu.common.db import statements
from kefu.common.errors import FieldError, Invalid
from kefu.common.shielding import merge_redactions, redaction_warnings, shield_text
from kefu.common.tokens import digest, new_secret
from kefu.platforms.models import Platform
from kefu.platforms.selectors import platform_for_intake
from kefu.sla.clocks import next_warning, running_due
from kefu.sla.policies import due_times
from kefu.tickets.chainrefs import CHAIN_REF_MESSAGES
from kefu.tickets.models import (
    Category,
    Channel,
    Collective,
    DesiredOutcome,
    Kind,
    Priority,
    Ticket,
)
from kefu.tickets.services.common import (
    Change,
    ClaimedStaff,
    claim_give_back,
    claim_next_staff,
    claim_next_staff_and_ticket_id,
    new_reference,
    notify_requester,
)

MAX_SUBJECT = 200
MAX_BODY = 20_000


@dataclass(frozen=True)
class TicketDraft:
    platform: str
    subject: str
    body: str
    kind: str = Kind.COMPLAINT
    category: str = Category.OTHER
    desired_outcomes: list[str] = field(default_factory=list)
    claim_amount: Decimal | None = None
    claim_currency: str = ""
    incident_at: datetime | None = None
    staff_name: str = ""
    staff_employee_id: str = ""
    chain_refs: list[dict[str, str]] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    channel: str = Channel.WEB
    priority: str = Priority.NORMAL
    collective: str = ""


@dataclass(frozen=True)
class OpenedTicket:
    ticket: Ticket
    access_token: str
    redactions: list[dict[str, object]]
    warnings: list[str]


# Choice values as sets, once: `TextChoices.values` builds a fresh list per call.
KINDS = frozenset(Kind.values)
CATEGORIES = frozenset(Category.values)
CHANNELS = frozenset(Channel.values)
OUTCOMES = frozenset(DesiredOutcome.values)


def _validate(draft: TicketDraft, now: datetime) -> tuple[list[dict[str, Any]], list[FieldError]]:
    errors: list[FieldError] = []
    if not draft.subject.strip():
        errors.append(FieldError("subject", _("Please give your complaint a short title.")))
    elif len(draft.subject) > MAX_SUBJECT:
        errors.append(FieldError("subject", _("The title can be at most 200 characters.")))
    if not draft.body.strip():
        errors.append(FieldError("body", _("Please describe what happened.")))
    elif len(draft.body) > MAX_BODY:
        errors.append(FieldError("body", _("The description can be at most 20,000 characters.")))
    if draft.kind not in KINDS:
        errors.append(FieldError("kind", _("Choose complaint or inquiry.")))
    if draft.category not in CATEGORIES:
        errors.append(FieldError("category", _("Unknown category.")))
    if draft.channel not in CHANNELS:
        errors.append(FieldError("channel", _("Unknown channel.")))
    for index, outcome in enumerate(draft.desired_outcomes):
        if outcome not in OUTCOMES:
            errors.append(FieldError(f"desired_outcomes[{index}]", _("Unknown outcome.")))
    if draft.claim_amount is not None:
        if draft.claim_amount <= 0:
            errors.append(FieldError("claim.amount", _("The amount must be greater than zero.")))
        if not draft.claim_currency.strip():
            errors.append(FieldError("claim.currency", _("Say which currency or token.")))
    if draft.incident_at is not None and draft.incident_at > now + timedelta(minutes=5):
        errors.append(FieldError("incident_at", _("The incident time is in the future.")))
    refs: list[dict[str, Any]] = []
    for index, raw in enumerate(draft.chain_refs):
        try:
            refs.append(chains.validate_ref(raw).to_dict())
        except chains.ChainRefError as exc:
            message = CHAIN_REF_MESSAGES.get(exc.message_code, exc.message)
            errors.append(FieldError(f"chain_refs[{index}]", str(message)))
    contact = draft.contact or {}
    unknown = set(contact) - {"email", "phone", "telegram", "name"}
    if unknown:
        errors.append(FieldError("contact", _("Use email, phone or telegram.")))
    return refs, errors


def derive_access_token(*, reference: str, idempotency_scope: str) -> str:
    """For idempotent creates the token is derived, so a replay can return it without storing it."""
    mac = hmac.new(
        settings.SECRET_KEY.encode(),
        f"kft:{reference}:{idempotency_scope}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return f"kft_{mac}"


def ticket_open(
    *,
    actor: Actor,
    draft: TicketDraft,
    idempotency_scope: str | None = None,
    in_transaction: Callable[[OpenedTicket], None] | None = None,
    admit: Callable[[], None] | None = None,
) -> OpenedTicket:
    """Validate, shield and compute deadlines first; then one short transaction writes.

    `admit` runs once the draft is valid, before anything is written, and may refuse by
    raising (the per-client intake limit: a complaint sent back for a mistyped address must
    not use up the sender's allowance). `in_transaction` runs inside that transaction once
    the ticket exists (the API stores its Idempotency-Key answer there, so the ticket and the
    answer commit or vanish together).
    """
    now = clock.now()
    platform = platform_for_intake(slug=draft.platform.strip())
    errors: list[FieldError] = []
    if platform is None:
        errors.append(FieldError("platform", _("No platform with this name.")))
    refs, field_errors = _validate(draft, now)
    errors += field_errors
    collective = None
    if draft.collective and platform is not None:
        collective = Collective.objects.filter(
            platform=platform, code=draft.collective.strip().upper(), is_open=True
        ).first()
        if collective is None:
            errors.append(
                FieldError("collective", _("No open collective complaint with this code."))
            )
    if errors or platform is None:
        raise Invalid(_("Some fields need your attention."), errors=errors)
    if admit is not None:
        admit()

    # Labelled chain data stays: the shield keeps exactly these strings.
    labelled = [str(ref["value"]) for ref in refs]
    role = "requester"
    subject = shield_text(draft.subject, author_role=role, allow=labelled)
    body = shield_text(draft.body, author_role=role, allow=labelled)
    staff_name = shield_text(draft.staff_name, author_role=role).text[:120]
    redactions = merge_redactions(subject.redactions, body.redactions)
    warnings = redaction_warnings(redactions)

    due = due_times(
        time_zone=platform.time_zone,
        settings=platform.settings,
        kind=draft.kind,
        priority=draft.priority,
        category=draft.category,
        start=now,
    )
    requester = actor.user if isinstance(actor.user, User) and not actor.is_staff else None
    auto_assign = bool(platform.settings.get("auto_assign", True))
    claimed = None
    if connection.vendor == "postgresql":
        # The round-robin turn and the ticket's key come first, as a statement of their own,
        # so that the transaction holds nothing but the batch of inserts and goes to the
        # server as one statement (ADR 0005). If the ticket is then not written, the turn
        # is given back.
        claimed = claim_next_staff_and_ticket_id(
            platform_id=platform.pk, tier=1, now=now, claim=auto_assign
        )
    try:
        for _attempt in range(3):
            reference = new_reference()
            if idempotency_scope:
                access_token = derive_access_token(
                    reference=reference, idempotency_scope=idempotency_scope
                )
            else:
                access_token = new_secret("kft")
            try:
                # On PostgreSQL the ticket, its timeline, notices and the caller's rows are
                # sent as one statement (ADR 0005); elsewhere each insert runs as it comes.
                with statements.atomic_batched():
                    ticket = _create(
                        claimed=claimed,
                        auto_assign=auto_assign,
                        platform=platform,
                        draft=draft,
                        reference=reference,
                        access_token=access_token,
                        subject=subject.text,
                        body=body.text,
                        staff_name=staff_name,
                        refs=refs,
                        requester=requester,
                        due=due,
                        now=now,
                        actor=actor,
                        redactions=redactions,
                        risks=body.risks + subject.risks,
                        collective=collective,
                    )
                    opened = OpenedTicket(ticket, access_token, redactions, warnings)
                    if in_transaction is not None:
                        in_transaction(opened)
                break
            except IntegrityError:
                if Ticket.objects.filter(reference=reference).exists():
                    continue  # a reference collision (1 in 10^12): draw again
                raise
        else:  # pragma: no cover - three collisions in a row
            raise Invalid(_("Please try again."))
    except BaseException:
        if claimed is not None:
            claim_give_back(claimed[0], now=now)
        raise
    return opened


def _create(
    *,
    claimed: tuple[ClaimedStaff | None, int] | None,
    auto_assign: bool,
    platform: Platform,
    draft: TicketDraft,
    reference: str,
    access_token: str,
    subject: str,
    body: str,
    staff_name: str,
    refs: list[dict[str, Any]],
    requester: User | None,
    due: Any,
    now: datetime,
    actor: Actor,
    redactions: list[dict[str, object]],
    risks: list[str],
    collective: Collective | None = None,
) -> Ticket:
    assignee = None
    ticket_id = None  # drawn beforehand where its rows are batched: they refer to it
    if claimed is not None:
        assignee, ticket_id = claimed
    elif auto_assign:
        assignee = claim_next_staff(platform_id=platform.pk, tier=1, now=now)
    ticket = Ticket(
        id=ticket_id,
        platform=platform,
        reference=reference,
        access_token_digest=digest(access_token),
        requester=requester,
        contact={k: v.strip() for k, v in (draft.contact or {}).items() if v},
        language="en" if (get_language() or "").startswith("en") else "zh-hans",
        kind=draft.kind,
        subject=subject,
        body=body,
        category=draft.category,
        desired_outcomes=sorted(set(draft.desired_outcomes)),
        claim_amount=draft.claim_amount,
        claim_currency=draft.claim_currency.strip().upper(),
        incident_at=draft.incident_at,
        staff_name=staff_name,
        staff_employee_id=draft.staff_employee_id.strip()[:32],
        chain_refs=refs,
        channel=draft.channel,
        redactions=redactions,
        risk_flags=sorted(set(risks)),
        priority=draft.priority,
        assignee_id=assignee.membership_id if assignee else None,
        created_at=now,
        updated_at=now,
        first_response_due=due.first_response_at,
        resolution_due=due.resolution_at,
        last_requester_message_at=now,
        collective=collective,
    )
    ticket.next_breach_at = running_due(ticket, ticket.status)
    ticket.next_warning_at = next_warning(ticket, ticket.status, now)
    statements.insert([ticket])
    change = Change(ticket=ticket, actor=actor, now=now)
    change.event("created", after={"status": ticket.status, "tier": 1, "channel": draft.channel})
    if collective is not None:
        change.event("joined_collective", after={"collective": collective.code})
    if redactions:
        change.event("redacted", after={"redactions": redactions}, public=True)
    if assignee is not None:
        change.event("assigned", after={"assignee": assignee.employee_id}, public=False)
    statements.insert(change.events)
    notify_requester(
        ticket,
        key="acknowledged",
        subject=_("We received your complaint"),
        body=_("Your complaint has been received. We owe you a first answer by %(due)s.")
        % {"due": clock_local(due.first_response_at, platform.time_zone)},
    )
    return ticket


def clock_local(instant: datetime, time_zone: str) -> str:
    from zoneinfo import ZoneInfo

    return instant.astimezone(ZoneInfo(time_zone)).strftime("%Y-%m-%d %H:%M")
