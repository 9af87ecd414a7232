"""What platform staff do to a ticket: assign, change, resolve, escalate, link, compensate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kefu.accounts.actors import SYSTEM, Actor
from kefu.accounts.models import Membership
from kefu.common import clock
from kefu.common.errors import (
    DomainError,
    ErrorCode,
    FieldError,
    Forbidden,
    Invalid,
    NotFound,
    VersionConflict,
)
from kefu.common.shielding import shield_text
from kefu.sla.services import supervisor_for
from kefu.tickets import permissions
from kefu.tickets.models import (
    Category,
    Collective,
    CompensationDecision,
    LinkRelation,
    Priority,
    ResolutionType,
    Status,
    Ticket,
    TicketLink,
)
from kefu.tickets.services.common import (
    Change,
    lock_ticket,
    new_reference,
    next_staff_for_tier,
    notify_assignee,
    notify_requester,
)
from kefu.tickets.transitions import Side

TIER_NAMES = {1: "agent", 2: "senior", 3: "complaints_supervisor", 4: "management"}


def _require_staff(actor: Actor, ticket: Ticket) -> Membership:
    membership = actor.membership(ticket.platform_id)
    if membership is None:
        raise NotFound(_("No ticket with this reference, or you may not see it."))
    return membership


def _assign(change: Change, assignee: Membership | None, *, reason: str) -> None:
    ticket = change.ticket
    before = ticket.assignee.employee_id if ticket.assignee else None
    if (ticket.assignee_id or None) == (assignee.pk if assignee else None):
        return
    change.set("assignee", assignee)
    change.event(
        "assigned",
        before={"assignee": before},
        after={"assignee": assignee.employee_id if assignee else None},
        reason=reason,
    )
    if assignee is not None:
        Membership.objects.filter(pk=assignee.pk).update(last_assigned_at=change.now)
        notify_assignee(
            ticket,
            assignee,
            key=f"assigned:{change.now.timestamp()}",
            subject="A ticket was assigned to you",
        )


def raise_tier(change: Change, tier: int, *, reason: str) -> None:
    ticket = change.ticket
    if not 1 <= tier <= 4 or tier <= ticket.tier:
        raise Invalid(
            _("Escalate to a higher tier (2 to 4)."),
            errors=[FieldError("tier", _("Must be above the current tier."))],
        )
    before = ticket.tier
    change.set("tier", tier)
    change.set("escalated_at", change.now)
    change.event("escalated", before={"tier": before}, after={"tier": tier}, reason=reason)
    assignee = next_staff_for_tier(ticket.platform, tier=tier)
    _assign(change, assignee, reason="escalation")
    supervisor = supervisor_for(ticket.platform_id, tier, change.now)
    if supervisor is not None and supervisor != assignee:
        notify_assignee(
            ticket,
            supervisor,
            key=f"escalated:{tier}:{change.now.timestamp()}",
            subject=f"Ticket escalated to tier {tier}",
        )
    notify_requester(
        ticket,
        key=f"escalated:{tier}",
        subject=_("Your complaint was escalated"),
        body=_("Your complaint has been escalated to tier %(tier)d.") % {"tier": tier},
    )


def reassign_within_tier(change: Change, *, reason: str) -> None:
    """Another agent of the same tier, never the current one."""
    ticket = change.ticket
    exclude = [ticket.assignee_id] if ticket.assignee_id else []
    other = next_staff_for_tier(ticket.platform, tier=ticket.tier, exclude=exclude)
    if other is None:
        raise DomainError(
            _("No other agent is available right now; a supervisor has been told."),
            code=ErrorCode.CONFLICT,
        )
    _assign(change, other, reason=reason or "agent_change")


@dataclass(frozen=True)
class TicketPatch:
    status: str | None = None
    priority: str | None = None
    category: str | None = None
    assignee: str | None = None  # employee ID, or "" to unassign
    resolution_type: str | None = None
    resolution_summary: str | None = None


def ticket_update(
    *, actor: Actor, ticket: Ticket, patch: TicketPatch, expected_version: int | None
) -> Ticket:
    _require_staff(actor, ticket)
    errors: list[FieldError] = []
    if patch.status is not None and patch.status not in Status.values:
        errors.append(FieldError("status", _("Unknown status.")))
    if patch.priority is not None and patch.priority not in Priority.values:
        errors.append(FieldError("priority", _("Unknown priority.")))
    if patch.category is not None and patch.category not in Category.values:
        errors.append(FieldError("category", _("Unknown category.")))
    if patch.status == Status.RESOLVED:
        if patch.resolution_type not in ResolutionType.values:
            errors.append(FieldError("resolution.type", _("Say how it was resolved.")))
        if not (patch.resolution_summary or "").strip():
            errors.append(FieldError("resolution.summary", _("Summarise the resolution.")))
    if errors:
        raise Invalid(_("Some fields need your attention."), errors=errors)
    assignee: Membership | None = None
    if patch.assignee:
        assignee = (
            Membership.objects.filter(
                platform_id=ticket.platform_id, employee_id=patch.assignee, is_active=True
            )
            .select_related("user")
            .first()
        )
        if assignee is None:
            raise Invalid(
                _("No such staff member on this platform."),
                errors=[FieldError("assignee", _("Unknown employee ID."))],
            )
    with transaction.atomic():
        locked = lock_ticket(ticket.pk)
        if expected_version is not None and locked.version != expected_version:
            raise VersionConflict(
                _("Someone changed this ticket first (version %(v)d). Reload and try again.")
                % {"v": locked.version}
            )
        change = Change(ticket=locked, actor=actor)
        if patch.priority and patch.priority != locked.priority:
            change.event(
                "priority_changed",
                before={"priority": locked.priority},
                after={"priority": patch.priority},
            )
            change.set("priority", patch.priority)
        if patch.category and patch.category != locked.category:
            change.event(
                "category_changed",
                before={"category": locked.category},
                after={"category": patch.category},
            )
            change.set("category", patch.category)
        if patch.assignee is not None:
            _assign(change, assignee, reason="manual")
        if patch.status and patch.status != locked.status:
            if patch.status == Status.RESOLVED:
                summary = shield_text(patch.resolution_summary or "", author_role="agent").text
                change.set("resolution_type", patch.resolution_type)
                change.set("resolution_summary", summary)
                change.move(Status.RESOLVED, reason=str(patch.resolution_type), side=Side.STAFF)
                notify_requester(
                    locked,
                    key=f"resolved:{change.now.timestamp()}",
                    subject=_("Your complaint was resolved"),
                    body=_(
                        "Resolution: %(summary)s\n\nIf this did not fix it, you can dispute it "
                        "from the tracking page."
                    )
                    % {"summary": summary},
                )
            else:
                change.move(Status(patch.status), side=Side.STAFF)
        change.save()
        if change.fields - {"resolution_type", "resolution_summary"}:
            from kefu.channels.events import emit

            emit(locked, "ticket.updated", {"changed": sorted(change.fields)})
    return locked


def ticket_assign(*, actor: Actor, ticket: Ticket, employee_id: str | None) -> Ticket:
    return ticket_update(
        actor=actor,
        ticket=ticket,
        patch=TicketPatch(assignee=employee_id or ""),
        expected_version=None,
    )


def ticket_escalate(*, actor: Actor, ticket: Ticket, tier: int, reason: str) -> Ticket:
    _require_staff(actor, ticket)
    reason = shield_text(reason, author_role="agent").text.strip()
    if not reason:
        raise Invalid(_("Say why you escalate."), errors=[FieldError("reason", _("Required."))])
    with transaction.atomic():
        locked = lock_ticket(ticket.pk)
        change = Change(ticket=locked, actor=actor)
        raise_tier(change, tier, reason=reason)
        change.save()
    return locked


def ticket_decide_compensation(
    *,
    actor: Actor,
    ticket: Ticket,
    decision: str,
    amount: Decimal | None,
    currency: str,
    reason: str,
) -> Ticket:
    _require_staff(actor, ticket)
    errors: list[FieldError] = []
    if decision not in CompensationDecision.values:
        errors.append(FieldError("decision", _("Choose approved, partial or denied.")))
    if decision in (CompensationDecision.APPROVED, CompensationDecision.PARTIAL):
        if amount is None or amount <= 0:
            errors.append(FieldError("amount", _("Give the amount granted.")))
        if not currency.strip():
            errors.append(FieldError("currency", _("Give the currency or token.")))
    if not reason.strip():
        errors.append(FieldError("reason", _("Explain the decision.")))
    if errors:
        raise Invalid(_("Some fields need your attention."), errors=errors)
    granted = amount if decision != CompensationDecision.DENIED else None
    if not permissions.can_decide_compensation(actor, ticket, granted):
        raise Forbidden(_("Compensation of this amount needs a supervisor with a higher limit."))
    reason = shield_text(reason, author_role="agent").text
    with transaction.atomic():
        locked = lock_ticket(ticket.pk)
        change = Change(ticket=locked, actor=actor)
        change.set("compensation_decision", decision)
        change.set("compensation_amount", granted)
        change.set("compensation_currency", currency.strip().upper() if granted else "")
        change.event(
            "compensation_decided",
            after={
                "decision": decision,
                "amount": str(granted) if granted else None,
                "currency": currency.strip().upper(),
            },
            reason=reason,
        )
        change.save()
    return locked


def _join_collective(change: Change, anchor: Ticket) -> None:
    """Both tickets belong to the anchor's collective complaint, created on first link."""
    if anchor.collective_id is None:
        for _attempt in range(3):
            code = "CC-" + new_reference()[3:7]
            if not Collective.objects.filter(code=code).exists():
                break
        collective = Collective.objects.create(
            platform_id=anchor.platform_id,
            code=code,
            title=anchor.subject[:200],
            incident=anchor.body[:2000],
            created_at=change.now,
        )
        Ticket.objects.filter(pk=anchor.pk).update(collective=collective, version=F("version") + 1)
        anchor.collective = collective
    if change.ticket.collective_id != anchor.collective_id:
        change.set("collective", anchor.collective)
        change.event("joined_collective", after={"collective": anchor.collective.code})


def ticket_link(*, actor: Actor, ticket: Ticket, other_reference: str, relation: str) -> TicketLink:
    _require_staff(actor, ticket)
    if relation not in LinkRelation.values:
        raise Invalid(_("Unknown relation."), errors=[FieldError("relation", _("Unknown."))])
    other = Ticket.objects.filter(
        reference=other_reference.strip().upper(), platform_id=ticket.platform_id
    ).first()
    if other is None or other.pk == ticket.pk:
        raise Invalid(
            _("No other ticket with this reference on this platform."),
            errors=[FieldError("reference", _("Unknown reference."))],
        )
    with transaction.atomic():
        # Lock both rows in primary-key order, so two opposite links cannot deadlock.
        rows = {pk: lock_ticket(pk) for pk in sorted([ticket.pk, other.pk])}
        locked, other = rows[ticket.pk], rows[other.pk]
        try:
            with transaction.atomic():
                link = TicketLink.objects.create(
                    from_ticket=locked,
                    to_ticket=other,
                    relation=relation,
                    created_at=Change(ticket=locked, actor=actor).now,
                )
        except IntegrityError:
            raise DomainError(
                _("These tickets are already linked."), code=ErrorCode.CONFLICT
            ) from None
        change = Change(ticket=locked, actor=actor)
        change.event("linked", after={"reference": other.reference, "relation": relation})
        if relation == LinkRelation.COLLECTIVE:
            _join_collective(change, other)
        if relation == LinkRelation.DUPLICATE and locked.status in (
            Status.NEW,
            Status.OPEN,
            Status.AWAITING_REQUESTER,
        ):
            # Merge: the duplicate closes and points at the ticket that carries on.
            change.set("merged_into", other)
            change.move(Status.CLOSED, reason=f"merged_into:{other.reference}", side=Side.STAFF)
        change.save()
        other_change = Change(ticket=other, actor=actor)
        other_change.event("linked", after={"reference": locked.reference, "relation": relation})
        other_change.save()
    return link


def ticket_link_follow_up(*, ticket: Ticket, previous: Ticket) -> TicketLink:
    """Link a ticket opened by a channel message to the finished ticket that message
    answered (a mail reply to a closed or withdrawn complaint): the agent sees the history,
    the finished ticket stays finished. A system action; call inside the intake transaction."""
    if previous.platform_id != ticket.platform_id:
        raise DomainError("A follow-up stays on its platform.", code=ErrorCode.CONFLICT)
    previous = lock_ticket(previous.pk)  # its version moves with the new event
    link = TicketLink.objects.create(
        from_ticket=ticket,
        to_ticket=previous,
        relation=LinkRelation.RELATED,
        created_at=clock.now(),
    )
    for this, other in ((ticket, previous), (previous, ticket)):
        change = Change(ticket=this, actor=SYSTEM, now=link.created_at)
        change.event(
            "linked",
            after={"reference": other.reference, "relation": LinkRelation.RELATED},
            reason="follow_up",
        )
        change.save()
    return link
