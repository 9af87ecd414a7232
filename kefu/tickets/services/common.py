"""Shared pieces of the ticket services: locking, events, status moves, notifications."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import override

from kefu.accounts.actors import Actor, ActorKind
from kefu.accounts.models import Membership
from kefu.channels.services import outbox_enqueue
from kefu.common import clock
from kefu.common.db import statements
from kefu.common.errors import TransitionRefused
from kefu.platforms.models import Platform
from kefu.sla.clocks import next_warning, running_due
from kefu.sla.deadlines import resume_due
from kefu.sla.policies import platform_calendar
from kefu.tickets import permissions
from kefu.tickets.models import Status, Ticket, TicketEvent
from kefu.tickets.transitions import Side, can_transition

log = logging.getLogger(__name__)

# Crockford base32 without look-alikes: easy to read aloud or type on a phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    # One read of the system's random source for all eight characters (secrets.choice reads
    # it once per character); 256 is a multiple of 32, so `% 32` keeps each one uniform.
    chars = "".join(REFERENCE_ALPHABET[b % 32] for b in secrets.token_bytes(8))
    return f"KF-{chars[:4]}-{chars[4:]}"


def lock_ticket(ticket_id: int) -> Ticket:
    """The one way to lock a ticket row (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
    transaction already holds the database write lock)."""
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("platform", "assignee")
        .get(pk=ticket_id)
    )


def side_of(actor: Actor, ticket: Ticket) -> Side:
    if actor.kind == ActorKind.SYSTEM:
        return Side.SYSTEM
    if permissions.is_staff_of(actor, ticket):
        return Side.STAFF
    return Side.REQUESTER


def actor_identity(actor: Actor, ticket: Ticket) -> tuple[str, str, str]:
    """(role, display name, employee ID) as shown on the timeline."""
    if actor.kind == ActorKind.SYSTEM:
        return "system", "Kefu", ""
    membership = actor.membership(ticket.platform_id)
    if membership is not None:
        return "staff", membership.display_name, membership.employee_id
    return "requester", "", ""


@dataclass
class Change:
    """Collects what one service call did to a ticket, then writes it at once."""

    ticket: Ticket
    actor: Actor
    events: list[TicketEvent] = field(default_factory=list)
    fields: set[str] = field(default_factory=set)
    now: datetime = field(default_factory=clock.now)

    def event(
        self,
        kind: str,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        reason: str = "",
        public: bool = True,
    ) -> None:
        role, name, _employee = actor_identity(self.actor, self.ticket)
        self.events.append(
            TicketEvent(
                ticket=self.ticket,
                kind=kind,
                actor=self.actor.user,
                actor_role=role,
                actor_name=name,
                before=before or {},
                after=after or {},
                reason=reason,
                public=public,
                created_at=self.now,
            )
        )

    def set(self, name: str, value: Any) -> None:
        setattr(self.ticket, name, value)
        self.fields.add(name)

    def move(self, target: Status, *, reason: str = "", side: Side | None = None) -> None:
        ticket = self.ticket
        current = ticket.status
        if current == target:
            return
        side = side or side_of(self.actor, ticket)
        if not can_transition(current, target, side):
            raise TransitionRefused(
                _("A ticket that is “%(current)s” cannot be moved to “%(target)s”.")
                % {"current": Status(current).label, "target": Status(target).label}
            )
        self._stamp(current, target)
        self.set("status", target)
        self.event(
            "status_changed", before={"status": current}, after={"status": target}, reason=reason
        )

    def _stamp(self, current: str, target: str) -> None:
        ticket, now = self.ticket, self.now
        if target == Status.AWAITING_REQUESTER:
            self.set("awaiting_since", now)
        if current == Status.AWAITING_REQUESTER and ticket.awaiting_since is not None:
            # The clock paused while we waited for the requester: move deadlines by that time.
            calendar = platform_calendar(ticket.platform.time_zone, ticket.platform.settings)
            for name in ("first_response_due", "resolution_due"):
                due = getattr(ticket, name)
                if due is not None:
                    self.set(
                        name,
                        resume_due(
                            calendar=calendar,
                            due=due,
                            paused_at=ticket.awaiting_since,
                            resumed_at=now,
                        ),
                    )
            self.set("awaiting_since", None)
        if target == Status.RESOLVED:
            self.set("resolved_at", now)
        if target == Status.CLOSED:
            self.set("closed_at", now)
        if target == Status.OPEN and current in (Status.RESOLVED, Status.CLOSED):
            self.set("resolved_at", None)
            self.set("closed_at", None)
        self.set("next_breach_at", running_due(ticket, target))
        self.set("next_warning_at", next_warning(ticket, target, now))

    def restart_clock(self) -> None:
        """After a change of deadlines or of the first response: re-point the sweeper."""
        status = self.ticket.status
        self.set("next_breach_at", running_due(self.ticket, status))
        self.set("next_warning_at", next_warning(self.ticket, status, self.now))

    def save(self) -> None:
        ticket = self.ticket
        if self.fields or self.events:
            self.fields |= {"updated_at", "version"}
            ticket.updated_at = self.now
            # The row is locked (lock_ticket), so a plain increment is race-free.
            ticket.version = ticket.version + 1
            ticket.save(update_fields=sorted(self.fields))
        if self.events:
            TicketEvent.objects.bulk_create(self.events)


def next_staff_for_tier(
    platform: Platform, *, tier: int, exclude: list[int] | None = None
) -> Membership | None:
    """Round-robin: the available staff member of this tier assigned least recently.

    Escalations and agent changes (intake uses `claim_next_staff`). SKIP LOCKED lets two
    assignments on PostgreSQL pick different people instead of queueing.
    """
    candidates = Membership.objects.filter(
        platform=platform, is_active=True, is_available=True, tier=tier
    ).order_by(F("last_assigned_at").asc(nulls_first=True), "id")
    if exclude:
        candidates = candidates.exclude(pk__in=exclude)
    picked = candidates.select_for_update(skip_locked=True).first()
    if picked is None and connection.vendor == "postgresql":
        # Every candidate is locked by a concurrent assignment: wait for one rather than
        # answering "nobody available" (an escalation is rare; waiting is cheap here).
        picked = candidates.select_for_update().first()
    return picked


@dataclass(frozen=True)
class ClaimedStaff:
    membership_id: int
    employee_id: str
    # Set when the claim stamped the turn in a statement of its own (PostgreSQL intake): the
    # stamp it replaced, for `claim_give_back` if the ticket is then not written.
    stamped_over: tuple[datetime | None] | None = None


def claim_next_staff(*, platform_id: int, tier: int, now: datetime) -> ClaimedStaff | None:
    """`next_staff_for_tier` and its `last_assigned_at` stamp in one statement, for intake.

    Same choice (least recently assigned, then id). On PostgreSQL the candidate row is taken
    with SKIP LOCKED so concurrent intakes pick different people instead of queueing. When
    every candidate is being assigned by a concurrent intake at this moment (a small team
    under a burst), the ticket still goes to the least recently assigned person, without the
    stamp: waiting for the row would hold the intake until the other commits (measured: 2
    agents, 4 concurrent intakes, 225 → 160 tickets/s), and leaving it unassigned is worse.
    (SQLite runs one writer at a time: no lock to skip.)
    """
    # Raw SQL: the datetime is adapted as the ORM would store it (naive UTC on SQLite).
    params = [connection.ops.adapt_datetimefield_value(now), platform_id, tier]
    if connection.vendor != "postgresql":
        return _claim(_CLAIM_SQL.format(lock=""), params)
    claimed = _claim(_CLAIM_SQL.format(lock=" FOR UPDATE SKIP LOCKED"), params)
    if claimed is None:
        claimed = _claim(_PICK_SQL, params[1:])
    return claimed


_CLAIM_SQL = (
    'UPDATE "accounts_membership" SET "last_assigned_at" = %s WHERE "id" = ('
    'SELECT "id" FROM "accounts_membership" WHERE "platform_id" = %s AND "is_active" '
    'AND "is_available" AND "tier" = %s '
    'ORDER BY "last_assigned_at" ASC NULLS FIRST, "id" ASC LIMIT 1{lock}) '
    'RETURNING "id", "employee_id"'
)


_PICK_SQL = (
    'SELECT "id", "employee_id" FROM "accounts_membership" WHERE "platform_id" = %s '
    'AND "is_active" AND "is_available" AND "tier" = %s '
    'ORDER BY "last_assigned_at" ASC NULLS FIRST, "id" ASC LIMIT 1'
)


def claim_next_staff_and_ticket_id(
    *, platform_id: int, tier: int, now: datetime, claim: bool = True
) -> tuple[ClaimedStaff | None, int]:
    """PostgreSQL intake: `claim_next_staff` (when `claim`) and a key for the new ticket from
    its sequence, in one statement, so the ticket and every row that refers to it can be
    written as one batch (`statements.atomic_batched`). The same choice as
    `claim_next_staff`: the SKIP LOCKED claim, else (every candidate being assigned by a
    concurrent intake) the least recently assigned without the stamp; in one statement both
    see one snapshot. Intake runs it before its transaction: a stamp it makes carries the one
    it replaced, for `claim_give_back`.

    Run as a transaction of its own (outside any atomic block), its commit does not wait for
    the disk (`synchronous_commit` off for it alone): the ticket's commit, which follows, does
    wait, and writing the log in order makes the stamp durable with it. A stamp lost with a
    crash before that would only have changed whose turn is next."""
    next_id = statements.next_pk_sql(Ticket)
    if not claim:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {next_id}")  # noqa: S608 - constant text
            return None, cursor.fetchone()[0]
    sql = _CLAIM_WITH_ID_SQL.format(
        pick=_GUARDED_PICK_SQL,
        next_id=next_id,
        # Inside a caller's transaction the setting would cover the caller's commit too.
        no_flush="false" if connection.in_atomic_block else _NO_FLUSH,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, platform_id, tier, platform_id, tier])
        staff_id, employee_id, stamped, stamped_over, ticket_id, _setting = cursor.fetchone()
    if staff_id is None:
        return None, ticket_id
    return ClaimedStaff(staff_id, employee_id, (stamped_over,) if stamped else None), ticket_id


def claim_give_back(claimed: ClaimedStaff | None, *, now: datetime) -> None:
    """Undo the stamp of a claim whose ticket was not written (a replayed Idempotency-Key, a
    failed write), so that the person keeps their turn; unless they were given another
    turn since."""
    if claimed is None or claimed.stamped_over is None:
        return
    try:
        Membership.objects.filter(pk=claimed.membership_id, last_assigned_at=now).update(
            last_assigned_at=claimed.stamped_over[0]
        )
    except DatabaseError:  # the connection is gone with the write: the turn is passed
        log.warning("claim.give_back_failed membership=%s", claimed.membership_id)


# One row always: the claimed agent with the stamp it replaced, else the least recently
# assigned one when the claim found every candidate locked (the fallback runs only then, and
# stamps nothing), else NULLs; and the reserved key.
_CLAIM_WITH_ID_SQL = (
    'WITH "claimed" AS ('
    'UPDATE "accounts_membership" AS "m" SET "last_assigned_at" = %s FROM ('
    'SELECT "id", "last_assigned_at" FROM "accounts_membership" WHERE "platform_id" = %s '
    'AND "is_active" AND "is_available" AND "tier" = %s '
    'ORDER BY "last_assigned_at" ASC NULLS FIRST, "id" ASC LIMIT 1 FOR UPDATE SKIP LOCKED'
    ') AS "c" WHERE "m"."id" = "c"."id" '
    'RETURNING "m"."id", "m"."employee_id", "c"."last_assigned_at" AS "before"), '
    '"picked" AS (SELECT "id", "employee_id", true AS "stamped", "before" FROM "claimed" '
    'UNION ALL (SELECT "id", "employee_id", false, NULL FROM ({pick}) AS "q")) '
    'SELECT "p"."id", "p"."employee_id", "p"."stamped", "p"."before", {next_id}, {no_flush} '
    'FROM (SELECT 1) AS "one" LEFT JOIN "picked" AS "p" ON true'
)
# For the current transaction only; read when it commits.
_NO_FLUSH = "set_config('synchronous_commit', 'off', true)"

_GUARDED_PICK_SQL = _PICK_SQL.replace(
    " ORDER BY", ' AND NOT EXISTS (SELECT 1 FROM "claimed") ORDER BY'
)


def _claim(sql: str, params: list[Any]) -> ClaimedStaff | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else ClaimedStaff(membership_id=row[0], employee_id=row[1])


def notify_requester(ticket: Ticket, *, key: str, subject: str, body: str) -> None:
    # Back on the channel the requester used (threaded mail or Telegram chat), plus the
    # platform's webhook event; see kefu/channels/services/notices.py.
    from kefu.channels.services.notices import requester_notice

    with override(ticket.language):
        requester_notice(ticket, key=key, subject=subject, body=body)


def notify_assignee(ticket: Ticket, assignee: Membership | None, *, key: str, subject: str) -> None:
    from kefu.channels.services.notices import staff_notice_event

    staff_notice_event(ticket, key=key)
    if assignee is None or not assignee.user.email:
        return
    from kefu.sla.services import staff_available_at

    outbox_enqueue(
        platform_id=ticket.platform_id,
        ticket_id=ticket.pk,
        available_at=staff_available_at(
            ticket.platform, urgent=ticket.priority == "urgent", now=clock.now()
        ),
        recipient=assignee.user.email,
        subject=f"[{ticket.reference}] {subject}",
        body=f"{settings.KEFU_BASE_URL}/console/t/{ticket.reference}/",
        idempotency_key=f"ticket:{ticket.pk}:staff:{assignee.pk}:{key}",
    )
