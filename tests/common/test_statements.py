"""The prepared statements of the hot paths store and read exactly what the ORM would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kefu.accounts.models import Membership
from kefu.channels.models import MailRecord, OutboxMessage
from kefu.common.db import statements
from kefu.common.models import IdempotencyRecord
from kefu.platforms.models import Platform
from kefu.tickets.models import Rating, Ticket, TicketEvent
from kefu.tickets.services.common import claim_next_staff
from tests.factories import MembershipFactory, PlatformFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 8, 30, 15, 123456, tzinfo=UTC)


def test_an_inserted_row_reads_back_through_the_orm_unchanged():
    record = IdempotencyRecord(
        scope="s" * 64, key="k-1", status_code=201, response={"a": [1, "二"]}
    )
    statements.insert([record])
    stored = IdempotencyRecord.objects.get(pk=record.pk)
    assert (stored.scope, stored.key, stored.status_code, stored.response) == (
        "s" * 64,
        "k-1",
        201,
        {"a": [1, "二"]},
    )
    assert stored.created_at is not None  # auto_now_add applies as in Model.save


def test_inserting_several_rows_sets_each_primary_key():
    records = [
        IdempotencyRecord(scope="s", key=f"k-{i}", status_code=201, response={}) for i in range(3)
    ]
    statements.insert(records)
    assert sorted(IdempotencyRecord.objects.values_list("pk", flat=True)) == sorted(
        r.pk for r in records
    )


def test_an_ignored_conflict_keeps_the_first_row_and_raises_nothing():
    platform = PlatformFactory()

    def notice(body: str) -> OutboxMessage:
        return OutboxMessage(
            platform=platform,
            recipient="a@example.com",
            subject="s",
            body=body,
            idempotency_key="ticket:1:acknowledged",
            available_at=NOW,
            created_at=NOW,
        )

    statements.insert([notice("first")], ignore_conflicts=True)
    statements.insert([notice("second")], ignore_conflicts=True)
    assert list(OutboxMessage.objects.values_list("body", flat=True)) == ["first"]


def test_select_one_converts_json_and_datetimes_as_the_orm_does():
    platform = PlatformFactory(slug="wallet-x", settings={"auto_assign": False, "n": 2})
    loaded = statements.select_one(Platform, '"slug" = %s AND "is_active"', ["wallet-x"])
    orm = Platform.objects.get(pk=platform.pk)
    assert loaded is not None
    assert loaded.settings == {"auto_assign": False, "n": 2}
    assert loaded.created_at == orm.created_at
    assert loaded.created_at.tzinfo is not None


def test_select_one_finds_nothing_for_an_unknown_key():
    assert statements.select_one(Platform, '"slug" = %s AND "is_active"', ["no-such"]) is None


def test_the_claim_takes_the_least_recently_assigned_available_agent_and_stamps_it():
    platform = PlatformFactory()
    never = MembershipFactory(platform=platform, last_assigned_at=None)
    earlier = MembershipFactory(platform=platform, last_assigned_at=NOW - timedelta(hours=2))
    MembershipFactory(platform=platform, last_assigned_at=None, is_available=False)
    MembershipFactory(platform=platform, last_assigned_at=None, tier=2)

    first = claim_next_staff(platform_id=platform.pk, tier=1, now=NOW)
    second = claim_next_staff(platform_id=platform.pk, tier=1, now=NOW + timedelta(seconds=1))
    third = claim_next_staff(platform_id=platform.pk, tier=1, now=NOW + timedelta(seconds=2))

    assert [c.membership_id for c in (first, second, third)] == [never.pk, earlier.pk, never.pk]
    never.refresh_from_db()
    assert never.last_assigned_at == NOW + timedelta(seconds=2)


def test_the_claim_stores_the_time_as_the_orm_does_so_orderings_stay_true():
    platform = PlatformFactory()
    member = MembershipFactory(platform=platform)
    claim_next_staff(platform_id=platform.pk, tier=1, now=NOW)
    assert Membership.objects.filter(pk=member.pk, last_assigned_at=NOW).exists()
    assert (
        Membership.objects.filter(last_assigned_at__gt=NOW - timedelta(microseconds=1)).count() == 1
    )


def test_the_claim_finds_no_one_when_nobody_is_available():
    platform = PlatformFactory()
    MembershipFactory(platform=platform, is_available=False)
    assert claim_next_staff(platform_id=platform.pk, tier=1, now=NOW) is None


def _load(reference: str) -> Ticket | None:
    return statements.select_one(
        Ticket,
        '"tickets_ticket"."reference" = %s',
        [reference],
        related=("platform", "assignee", "rating"),
    )


def test_a_joined_read_attaches_the_platform_and_assignee_without_more_queries(open_ticket, agent):
    reference = open_ticket()["reference"]
    with CaptureQueriesContext(connection) as ctx:
        ticket = _load(reference)
        assert ticket is not None
        seen = (ticket.platform.slug, ticket.assignee.employee_id, getattr(ticket, "rating", None))
    assert seen == ("acme", agent.employee_id, None)
    assert len(ctx.captured_queries) == 1


def test_a_joined_read_leaves_a_missing_assignee_as_none_and_loads_a_rating(open_ticket):
    reference = open_ticket()["reference"]
    Ticket.objects.filter(reference=reference).update(assignee=None)
    ticket = Ticket.objects.get(reference=reference)
    Rating.objects.create(ticket=ticket, attitude=5, speed=4, satisfaction=3, created_at=NOW)
    loaded = _load(reference)
    assert loaded is not None
    assert loaded.assignee is None
    assert (loaded.rating.attitude, loaded.rating.speed, loaded.rating.ticket is loaded) == (
        5,
        4,
        True,
    )


def test_a_joined_read_of_an_unknown_reference_is_none(db):
    assert _load("KF-0000-0000") is None


def _comparable(value):
    # psycopg's Jsonb wrapper has no equality; compare what it wraps.
    return ("jsonb", value.obj) if type(value).__name__ == "Jsonb" else value


@pytest.mark.parametrize(
    "model", [Ticket, TicketEvent, OutboxMessage, MailRecord, IdempotencyRecord, Rating]
)
def test_the_fast_value_preparers_send_exactly_what_django_would(model, open_ticket):
    reference = open_ticket(contact={"email": "a@example.com"})["reference"]
    ticket = Ticket.objects.get(reference=reference)
    Rating.objects.create(ticket=ticket, attitude=5, speed=4, satisfaction=3, created_at=NOW)
    IdempotencyRecord.objects.create(scope="s", key="k", status_code=201, response={"a": ["二"]})
    rows = list(model.objects.all())
    assert rows, f"no {model.__name__} rows to compare"
    fields = statements._insert_fields(model)
    preparers = statements._preparers(model, connection.vendor)
    for row in rows:
        for field, prepare in zip(fields, preparers, strict=True):
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue  # both sides stamp "now": compared below with a fixed value
            expected = field.get_db_prep_save(field.pre_save(row, True), connection)
            assert _comparable(prepare(row, connection)) == _comparable(expected), field.name


def test_the_datetime_preparer_matches_django_for_aware_and_naive_utc_values(db):
    field = OutboxMessage._meta.get_field("available_at")
    prepare = statements._preparer(field, connection.vendor)
    for value in (NOW, NOW.astimezone(ZoneInfo("Asia/Shanghai")), NOW.replace(microsecond=0)):
        row = OutboxMessage(available_at=value)
        expected = field.get_db_prep_save(value, connection)
        assert prepare(row, connection) == expected


def test_an_attached_relation_answers_all_without_a_query_and_filters_from_the_database(
    open_ticket, agent
):
    ticket = Ticket.objects.get(reference=open_ticket()["reference"])
    events = statements.select_all(
        TicketEvent, '"ticket_id" = %s', [ticket.pk], order_by='"created_at", "id"'
    )
    assert [e.kind for e in events] == ["created", "assigned"]
    statements.attach(ticket, "events", events[1:])  # not the "created" event
    with CaptureQueriesContext(connection) as ctx:
        cached = list(ticket.events.all())
    assert cached == events[1:]
    assert len(ctx.captured_queries) == 0
    assert cached[0].ticket is ticket
    # A further filter is a real query over the real rows, never over the attached list.
    assert ticket.events.filter(kind="created").count() == 1


def test_select_all_returns_rows_in_the_given_order(open_ticket):
    ticket = Ticket.objects.get(reference=open_ticket()["reference"])
    newest_first = statements.select_all(
        TicketEvent, '"ticket_id" = %s', [ticket.pk], order_by='"id" DESC'
    )
    assert [e.pk for e in newest_first] == sorted(
        TicketEvent.objects.filter(ticket=ticket).values_list("pk", flat=True), reverse=True
    )


def test_single_rows_with_and_without_empty_columns_both_store_what_they_hold(db):
    platform = PlatformFactory()

    def notice(key: str, claimed_at: datetime | None) -> OutboxMessage:
        return OutboxMessage(
            platform=platform,
            recipient="a@example.com",
            subject="s",
            body="b",
            idempotency_key=key,
            available_at=NOW,
            created_at=NOW,
            claimed_at=claimed_at,
        )

    statements.insert([notice("empty", None)])
    statements.insert([notice("full", NOW)])
    stored = dict(OutboxMessage.objects.values_list("idempotency_key", "claimed_at"))
    assert stored == {"empty": None, "full": NOW}


def _timeline_reads(ticket: Ticket) -> list[statements.Read]:
    return [
        statements.one(Platform, '"id" = %s', [ticket.platform_id]),
        statements.every(TicketEvent, '"ticket_id" = %s', [ticket.pk], order_by='"id" DESC'),
        statements.one(Ticket, '"tickets_ticket"."id" = %s', [ticket.pk], related=("assignee",)),
        statements.every(MailRecord, '"ticket_id" = %s', [-1]),
    ]


def test_reads_together_answer_what_each_read_alone_answers(open_ticket, agent):
    ticket = Ticket.objects.get(reference=open_ticket()["reference"])
    together = statements.read_together(*_timeline_reads(ticket))
    alone = [statements.read_together(read)[0] for read in _timeline_reads(ticket)]
    platform, events, loaded, mails = together
    assert (platform.pk, [e.pk for e in events], loaded.pk, mails) == (
        alone[0].pk,
        [e.pk for e in alone[1]],
        alone[2].pk,
        [],
    )
    assert loaded.assignee.employee_id == alone[2].assignee.employee_id == agent.employee_id


def test_reads_together_are_each_in_the_query_log(open_ticket):
    ticket = Ticket.objects.get(reference=open_ticket()["reference"])
    with CaptureQueriesContext(connection) as ctx:
        statements.read_together(*_timeline_reads(ticket))
    assert len(ctx.captured_queries) == 4
    assert str(ticket.pk) in ctx.captured_queries[1]["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pipelines are PostgreSQL's")
def test_reads_together_reach_postgresql_in_one_round_trip(open_ticket, tmp_path):
    ticket = Ticket.objects.get(reference=open_ticket()["reference"])
    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    trace = tmp_path / "libpq.trace"
    with trace.open("w") as out:
        pgconn.trace(out.fileno())
        try:
            statements.read_together(*_timeline_reads(ticket))
        finally:
            pgconn.untrace()
    sent = [line.split("\t") for line in trace.read_text().splitlines()]
    # Client messages: one Sync closes the pipeline, so the server answers all at once.
    assert [m[3] for m in sent if m[1] == "F" and m[3] in ("Sync", "Execute")] == [
        "Execute",
        "Execute",
        "Execute",
        "Execute",
        "Sync",
    ]


def test_a_failing_read_together_raises_djangos_error_and_the_connection_stays_usable(db):
    from django.db import DatabaseError, transaction

    broken = statements.Read(
        'SELECT no_such_column FROM "tickets_ticket"', [], lambda db, rows: rows
    )
    fine = statements.every(Platform, '"id" = %s', [-1])
    with pytest.raises(DatabaseError), transaction.atomic():
        statements.read_together(fine, broken)
    assert statements.read_together(fine, fine) == [[], []]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="batching is PostgreSQL-only")
def test_reads_together_inside_a_batch_see_the_rows_it_queued(db):
    platform = PlatformFactory()
    with statements.atomic_batched() as batched:
        record = MailRecord(
            platform=platform,
            direction="out",
            message_id_digest="d" * 64,
            message_id="m@kefu.localhost",
            outcome="queued",
            created_at=NOW,
        )
        statements.insert([record])
        assert batched
        seen = statements.read_together(
            statements.every(MailRecord, '"platform_id" = %s', [platform.pk]),
            statements.one(Platform, '"id" = %s', [platform.pk]),
        )
    assert [r.message_id for r in seen[0]] == ["m@kefu.localhost"]
