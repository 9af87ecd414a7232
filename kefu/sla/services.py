"""The SLA sweeps the worker runs: breaches, 75% warnings, silent assignees, reminders, closing.

Breaches are handled set-wise: one claim (FOR UPDATE SKIP LOCKED on PostgreSQL, the write lock
on SQLite) takes a batch of due tickets, and a few bulk statements record the breaches, raise
the tier, reassign, write the timeline and the notices. A ticket is claimed by one sweeper only,
and the unique (ticket, kind, due) breach row makes a repeated sweep a no-op.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Least
from django.utils.translation import gettext as _
from django.utils.translation import override

from kefu.accounts.actors import SYSTEM, Actor
from kefu.accounts.models import Membership, Role
from kefu.channels.conf import tracking_link
from kefu.channels.models import OutboxMessage
from kefu.channels.texts import text
from kefu.common import clock
from kefu.common.db.bulk import insert_rows
from kefu.common.errors import DomainError, FieldError, Invalid, NotFound
from kefu.platforms.models import Platform
from kefu.sla.models import BreachKind, OnCallShift, SlaBreach
from kefu.sla.policies import platform_calendar
from kefu.tickets import permissions
from kefu.tickets.models import ResolutionType, Status, Ticket, TicketEvent

log = logging.getLogger("kefu.sla")
BATCH = 10_000


@dataclass
class Notice:
    platform_id: int
    ticket_id: int | None
    recipient: str
    subject: str
    body: str
    key: str
    available_at: datetime
    language: str = ""


def staff_available_at(platform: Platform, *, urgent: bool, now: datetime) -> datetime:
    """Staff are not paged at midnight: a notice waits for support hours unless urgent."""
    if urgent:
        return now
    calendar = platform_calendar(platform.time_zone, platform.settings)
    return now if calendar.is_open(now) else calendar.next_open(now)


def supervisor_for(platform_id: int, tier: int, now: datetime) -> Membership | None:
    """The on-call person for the tier, else the lowest-tier supervisor or admin at or above it."""
    shift = (
        OnCallShift.objects.select_related("membership__user")
        .filter(
            platform_id=platform_id,
            tier=tier,
            starts_at__lte=now,
            ends_at__gt=now,
            membership__is_active=True,
        )
        .first()
    )
    if shift is not None:
        return shift.membership
    return (
        Membership.objects.select_related("user")
        .filter(
            platform_id=platform_id,
            is_active=True,
            role__in=[Role.SUPERVISOR, Role.ADMIN],
            tier__gte=max(tier, 1),
        )
        .order_by("tier", "id")
        .first()
    )


def _write_notices(notices: Iterable[Notice], now: datetime) -> int:
    rows = [
        {
            "platform_id": n.platform_id,
            "ticket_id": n.ticket_id,
            "channel": "email",
            "recipient": n.recipient,
            "subject": n.subject[:255],
            "body": n.body,
            "idempotency_key": n.key,
            "available_at": n.available_at,
            "language": n.language,
            "created_at": now,
        }
        for n in notices
        if n.recipient
    ]
    insert_rows(OutboxMessage, rows, ignore_conflicts=True)
    return len(rows)


def _requester_notice(
    row: dict[str, Any], *, key: str, subject: str, body: str, now: datetime
) -> Notice | None:
    """The same notice `notify_requester` writes (channel texts; the mail composer adds the
    safety line and the anti-phishing code at send time), built from a row for the set-wise
    sweep."""
    email = (row.get("contact") or {}).get("email")
    if not email:
        return None
    language = row.get("language") or "zh-hans"
    message = text(
        "notice",
        language,
        body=body,
        reference=row["reference"],
        link=tracking_link(row["reference"]),
    )
    subject = f"[{row['reference']}] {subject}"
    return Notice(row["platform_id"], row["id"], email, subject, message, key, now, language)


def _round_robin(
    platform_tiers: set[tuple[int, int]], now: datetime
) -> dict[tuple[int, int], itertools.cycle[Membership]]:
    """Available staff per (platform, tier), on-call people first, least recently assigned next."""
    if not platform_tiers:
        return {}
    platforms = {p for p, _ in platform_tiers}
    tiers = {t for _, t in platform_tiers}
    members = list(
        Membership.objects.select_related("user")
        .filter(platform_id__in=platforms, tier__in=tiers, is_active=True, is_available=True)
        .order_by(F("last_assigned_at").asc(nulls_first=True), "id")
    )
    on_call = set(
        OnCallShift.objects.filter(
            platform_id__in=platforms, tier__in=tiers, starts_at__lte=now, ends_at__gt=now
        ).values_list("membership_id", flat=True)
    )
    grouped: dict[tuple[int, int], list[Membership]] = defaultdict(list)
    for member in members:
        grouped[(member.platform_id, member.tier)].append(member)
    return {
        key: itertools.cycle(sorted(group, key=lambda m: m.pk not in on_call))
        for key, group in grouped.items()
        if key in platform_tiers
    }


def sla_sweep(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Record every due breach, escalate one tier, notify. Returns the number of tickets."""
    now = now or clock.now()
    total = 0
    while True:
        handled = _sweep_batch(now, batch)
        total += handled
        if handled < batch:
            break
    if total:
        log.info("sla.sweep breached=%s", total)
    return total


@transaction.atomic
def _sweep_batch(now: datetime, batch: int) -> int:
    # One statement claims the batch (rows another sweeper holds are skipped) and reads it.
    rows = list(
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(next_breach_at__lte=now)
        .order_by("next_breach_at")
        .values(
            "id",
            "platform_id",
            "reference",
            "tier",
            "priority",
            "first_responded_at",
            "first_response_due",
            "resolution_due",
            "assignee_id",
            "contact",
            "language",
        )[:batch]
    )
    if not rows:
        return 0
    ids = [row["id"] for row in rows]
    breaches: list[dict[str, Any]] = []
    events: dict[int, dict[str, Any]] = {}
    wording: dict[str, tuple[str, str]] = {}
    notices: list[Notice] = []
    new_tier = {row["id"]: min(row["tier"] + 1, 4) for row in rows}
    for row in rows:
        kinds = []
        if (
            row["first_responded_at"] is None
            and row["first_response_due"]
            and row["first_response_due"] <= now
        ):
            kinds.append((BreachKind.FIRST_RESPONSE, row["first_response_due"]))
        if row["resolution_due"] and row["resolution_due"] <= now:
            kinds.append((BreachKind.RESOLUTION, row["resolution_due"]))
        for kind, due in kinds:
            breaches.append(
                {
                    "ticket_id": row["id"],
                    "platform_id": row["platform_id"],
                    "kind": str(kind),
                    "due_at": due,
                    "breached_at": now,
                    "tier_before": row["tier"],
                    "tier_after": new_tier[row["id"]],
                }
            )
        # One timeline entry says it all: which deadline, and the tier it went up to.
        events[row["id"]] = {
            "ticket_id": row["id"],
            "kind": "sla_breached",
            "actor_role": "system",
            "actor_name": "Kefu",
            "before": {"tier": row["tier"]},
            "after": {
                "breaches": [{"kind": str(k), "due_at": d.isoformat()} for k, d in kinds],
                "tier": new_tier[row["id"]],
            },
            "reason": "sla_breach",
            "created_at": now,
        }
        due_key = kinds[0][1].isoformat() if kinds else now.isoformat()
        subject, body = _breach_wording(row.get("language") or "zh-hans", wording)
        notice = _requester_notice(
            row,
            key=f"ticket:{row['id']}:breach:{due_key}",
            subject=subject,
            body=body % {"tier": new_tier[row["id"]]},
            now=now,
        )
        if notice:
            notices.append(notice)
    insert_rows(SlaBreach, breaches, ignore_conflicts=True)
    notices += _reassign_escalated(rows, new_tier, events, now)
    insert_rows(TicketEvent, list(events.values()))
    _write_notices(notices, now)
    return len(ids)


def _breach_wording(language: str, cache: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The requester's breach notice in their language, translated once per language."""
    if language not in cache:
        with override(language):
            cache[language] = (
                _("Your complaint was escalated"),
                _(
                    "The platform missed a deadline it owed you, so your complaint has been "
                    "escalated to tier %(tier)d."
                ),
            )
    return cache[language]


def _apply_breach(ids: list[int], now: datetime, **assignment: int | None) -> None:
    Ticket.objects.filter(id__in=ids).update(
        tier=Least(F("tier") + 1, Value(4)),
        breach_count=F("breach_count") + 1,
        escalated_at=now,
        next_breach_at=Case(When(resolution_due__gt=now, then=F("resolution_due")), default=None),
        next_warning_at=None,
        version=F("version") + 1,
        updated_at=now,
        **assignment,
    )


def _reassign_escalated(
    rows: list[dict[str, Any]],
    new_tier: dict[int, int],
    events: dict[int, dict[str, Any]],
    now: datetime,
) -> list[Notice]:
    """Give each escalated ticket to the next person of its new tier; digest staff notices."""
    escalated = [row for row in rows if new_tier[row["id"]] != row["tier"]]
    pools = _round_robin({(row["platform_id"], new_tier[row["id"]]) for row in escalated}, now)
    by_assignee: dict[int | None, list[int]] = defaultdict(list)
    members: dict[int, Membership] = {}
    per_staff: dict[int, list[str]] = defaultdict(list)
    for row in escalated:
        pool = pools.get((row["platform_id"], new_tier[row["id"]]))
        member = next(pool) if pool else None
        by_assignee[member.pk if member else None].append(row["id"])
        if member:
            members[member.pk] = member
            per_staff[member.pk].append(row["reference"])
        events[row["id"]]["after"]["assignee"] = member.employee_id if member else None
    # One UPDATE per new assignee carries every change: each row is rewritten once.
    for assignee_id, ticket_ids in by_assignee.items():
        _apply_breach(ticket_ids, now, assignee_id=assignee_id)
    at_top = [row["id"] for row in rows if new_tier[row["id"]] == row["tier"]]
    if at_top:
        _apply_breach(at_top, now)
    if members:
        Membership.objects.filter(pk__in=members).update(last_assigned_at=now)
    # Supervisors of each (platform, tier) get one digest per sweep, not one mail per ticket.
    for (platform_id, tier), refs in _group_refs(escalated, new_tier).items():
        supervisor = supervisor_for(platform_id, tier, now)
        if supervisor is not None and supervisor.pk not in per_staff:
            members[supervisor.pk] = supervisor
            per_staff[supervisor.pk] += refs
    platforms = {
        p.pk: p for p in Platform.objects.filter(pk__in={m.platform_id for m in members.values()})
    }
    urgent = {row["reference"] for row in escalated if row["priority"] == "urgent"}
    notices = []
    for member_id, refs in per_staff.items():
        member = members[member_id]
        notices.append(
            Notice(
                member.platform_id,
                None,
                member.user.email,
                f"{len(refs)} ticket(s) escalated to you after a missed deadline",
                "\n".join(f"{settings.KEFU_BASE_URL}/console/t/{ref}/" for ref in refs),
                f"staff:{member_id}:escalations:{now.isoformat()}",
                staff_available_at(
                    platforms[member.platform_id], urgent=bool(urgent & set(refs)), now=now
                ),
            )
        )
    return notices


def _group_refs(
    rows: list[dict[str, Any]], new_tier: dict[int, int]
) -> dict[tuple[int, int], list[str]]:
    grouped: dict[tuple[int, int], list[str]] = defaultdict(list)
    for row in rows:
        grouped[(row["platform_id"], new_tier[row["id"]])].append(row["reference"])
    return grouped


@transaction.atomic
def sla_warn(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Tell assignees which of their tickets have used 75% of the allowed time."""
    now = now or clock.now()
    rows = list(
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(next_warning_at__lte=now)
        .values("id", "reference", "assignee_id", "platform_id", "priority", "next_breach_at")[
            :batch
        ]
    )
    if not rows:
        return 0
    Ticket.objects.filter(id__in=[r["id"] for r in rows]).update(next_warning_at=None)
    per_assignee: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["assignee_id"]:
            per_assignee[row["assignee_id"]].append(row)
    members = Membership.objects.select_related("user", "platform").in_bulk(list(per_assignee))
    notices = []
    for member_id, tickets in per_assignee.items():
        member = members[member_id]
        lines = [
            f"{t['reference']} due {t['next_breach_at']:%Y-%m-%d %H:%M} UTC — "
            f"{settings.KEFU_BASE_URL}/console/t/{t['reference']}/"
            for t in tickets
        ]
        notices.append(
            Notice(
                member.platform_id,
                None,
                member.user.email,
                f"{len(tickets)} ticket(s) have used 75% of their time",
                "\n".join(lines),
                f"staff:{member_id}:warning:{now.isoformat()}",
                staff_available_at(
                    member.platform, urgent=any(t["priority"] == "urgent" for t in tickets), now=now
                ),
            )
        )
    _write_notices(notices, now)
    return len(rows)


def silence_sweep(*, now: datetime | None = None) -> int:
    """Offer tickets whose assignee has not answered the requester in time to someone else."""
    from kefu.tickets.services.common import Change, lock_ticket
    from kefu.tickets.services.staff import reassign_within_tier

    now = now or clock.now()
    handled = 0
    for platform in Platform.objects.filter(is_active=True):
        minutes = int(platform.settings.get("silence_minutes", 240))
        stale = (
            Ticket.objects.filter(
                platform=platform,
                status__in=[Status.NEW, Status.OPEN],
                assignee__isnull=False,
                last_requester_message_at__lte=now - timedelta(minutes=minutes),
            )
            .filter(
                Q(last_staff_message_at__isnull=True)
                | Q(last_staff_message_at__lt=F("last_requester_message_at"))
            )
            .filter(
                Q(silence_reassigned_at__isnull=True)
                | Q(silence_reassigned_at__lt=F("last_requester_message_at"))
            )
            .values_list("id", flat=True)[:500]
        )
        for ticket_id in stale:
            with transaction.atomic():
                change = Change(ticket=lock_ticket(ticket_id), actor=SYSTEM, now=now)
                change.set("silence_reassigned_at", now)
                previous = change.ticket.assignee
                try:
                    reassign_within_tier(change, reason="assignee_silent")
                except DomainError as exc:  # nobody else is available: the supervisor decides
                    change.event("reassignment_failed", reason=str(exc), public=False)
                change.save()
                supervisor = supervisor_for(platform.pk, change.ticket.tier, now)
                if supervisor is not None:
                    _write_notices(
                        [
                            Notice(
                                platform.pk,
                                ticket_id,
                                supervisor.user.email,
                                f"[{change.ticket.reference}] assignee silent "
                                f"({previous.employee_id if previous else '-'})",
                                f"{settings.KEFU_BASE_URL}/console/t/{change.ticket.reference}/",
                                f"ticket:{ticket_id}:silent:{now.isoformat()}",
                                staff_available_at(
                                    platform, urgent=change.ticket.priority == "urgent", now=now
                                ),
                            )
                        ],
                        now,
                    )
            handled += 1
    return handled


def awaiting_sweep(*, now: datetime | None = None) -> int:
    """Remind requesters who owe an answer (3 days), auto-resolve after silence (7 days)."""
    from kefu.tickets.services.common import Change, lock_ticket, notify_requester

    now = now or clock.now()
    handled = 0
    for platform in Platform.objects.filter(is_active=True):
        remind = timedelta(days=int(platform.settings.get("awaiting_reminder_days", 3)))
        resolve = timedelta(days=int(platform.settings.get("awaiting_autoresolve_days", 7)))
        waiting = Ticket.objects.filter(
            platform=platform, status=Status.AWAITING_REQUESTER, awaiting_since__lte=now - remind
        )
        for ticket_id in waiting.values_list("id", flat=True)[:1000]:
            with transaction.atomic():
                ticket = lock_ticket(ticket_id)
                if ticket.status != Status.AWAITING_REQUESTER or ticket.awaiting_since is None:
                    continue
                change = Change(ticket=ticket, actor=SYSTEM, now=now)
                if ticket.awaiting_since <= now - resolve:
                    change.set("resolution_type", ResolutionType.NO_ACTION)
                    change.set("resolution_summary", "No reply from the requester.")
                    change.move(Status.RESOLVED, reason="no_reply_from_requester")
                elif (
                    ticket.awaiting_reminded_at is None
                    or ticket.awaiting_reminded_at < ticket.awaiting_since
                ):
                    change.set("awaiting_reminded_at", now)
                    change.event("requester_reminded")
                    notify_requester(
                        ticket,
                        key=f"reminder:{ticket.awaiting_since.isoformat()}",
                        subject=_("We are waiting for your reply"),
                        body=_(
                            "Support asked you a question about your complaint. "
                            "Please answer on the tracking page."
                        ),
                    )
                else:
                    continue
                change.save()
                handled += 1
    return handled


def autoclose_sweep(*, now: datetime | None = None) -> int:
    """Close resolved tickets nobody disputed within the platform's window (7 days)."""
    from kefu.tickets.services.common import Change, lock_ticket

    now = now or clock.now()
    handled = 0
    for platform in Platform.objects.filter(is_active=True):
        window = timedelta(days=int(platform.settings.get("autoclose_days", 7)))
        due = Ticket.objects.filter(
            platform=platform, status=Status.RESOLVED, resolved_at__lte=now - window
        )
        for ticket_id in due.values_list("id", flat=True)[:1000]:
            with transaction.atomic():
                ticket = lock_ticket(ticket_id)
                if ticket.status != Status.RESOLVED:
                    continue
                change = Change(ticket=ticket, actor=SYSTEM, now=now)
                change.move(Status.CLOSED, reason="not_disputed")
                change.save()
                handled += 1
    return handled


def oncall_shift_add(
    *,
    actor: Actor,
    platform: Platform,
    membership_id: int,
    tier: int,
    starts_at: datetime,
    ends_at: datetime,
) -> OnCallShift:
    """Put a staff member on call for a tier. Refused: someone of another platform, someone
    below the tier, a shift that ends before it starts or is over, or one that overlaps another
    shift of the same tier (escalations would go to either of them)."""
    if not permissions.can_manage_platform(actor, platform.pk):
        raise NotFound(_("No platform with this name."))
    member = Membership.objects.filter(platform=platform, pk=membership_id, is_active=True).first()
    errors: list[FieldError] = []
    if member is None:
        errors.append(FieldError("membership", _("No such staff member on this platform.")))
    elif member.tier < tier:
        errors.append(
            FieldError(
                "tier",
                _("%(name)s works at tier %(tier)d.")
                % {"name": member.display_name, "tier": member.tier},
            )
        )
    if not 1 <= tier <= 4:
        errors.append(FieldError("tier", _("Choose a tier from 1 to 4.")))
    if ends_at <= starts_at:
        errors.append(FieldError("ends_at", _("The shift must end after it starts.")))
    elif ends_at <= clock.now():
        errors.append(FieldError("ends_at", _("This shift is already over.")))
    if errors:
        raise Invalid(_("The shift was not saved."), errors=errors)
    with transaction.atomic():
        # Serialise roster changes of this platform, so two admins cannot add overlapping
        # shifts at the same moment.
        Platform.objects.select_for_update().filter(pk=platform.pk).first()
        clash = (
            OnCallShift.objects.filter(
                platform=platform, tier=tier, starts_at__lt=ends_at, ends_at__gt=starts_at
            )
            .select_related("membership")
            .first()
        )
        if clash is not None:
            raise Invalid(
                _("The shift was not saved."),
                errors=[
                    FieldError(
                        "starts_at",
                        _("It overlaps %(name)s's shift for the same tier.")
                        % {"name": clash.membership.display_name},
                    )
                ],
            )
        return OnCallShift.objects.create(
            platform=platform, membership=member, tier=tier, starts_at=starts_at, ends_at=ends_at
        )


def oncall_shift_delete(*, actor: Actor, platform: Platform, shift_id: int) -> None:
    if not permissions.can_manage_platform(actor, platform.pk):
        raise NotFound(_("No platform with this name."))
    deleted, _rows = OnCallShift.objects.filter(platform=platform, pk=shift_id).delete()
    if not deleted:
        raise NotFound(_("No such shift on this platform."))
