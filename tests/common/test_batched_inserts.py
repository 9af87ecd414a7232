"""Batched inserts (PostgreSQL): one statement writes exactly what the inserts one by one write.

`statements.atomic_batched()` queues the inserts of a transaction and sends them as one
statement of data-modifying CTEs, with the COMMIT when it is the outermost block; ticket intake
uses it with the ticket's key drawn beforehand together with the round-robin claim (ADR 0005).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from kefu.accounts.models import Membership
from kefu.channels.models import MailRecord, OutboxMessage
from kefu.common.db import statements
from kefu.common.models import IdempotencyRecord
from kefu.tickets.models import Ticket, TicketEvent
from kefu.tickets.services.common import claim_give_back, claim_next_staff_and_ticket_id
from tests.conftest import complaint
from tests.factories import MembershipFactory, PlatformFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="batching is PostgreSQL-only"
)

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)


def _record(key: str) -> IdempotencyRecord:
    return IdempotencyRecord(scope="s", key=key, status_code=201, response={"k": key})


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite: nothing is batched")
def test_on_sqlite_inserts_in_a_batch_are_written_at_once():
    with statements.atomic_batched() as queued:
        record = _record("k-1")
        statements.insert([record])
        assert record.pk is not None
    assert queued is False
    assert IdempotencyRecord.objects.filter(pk=record.pk).exists()


@on_postgresql
def test_queued_rows_are_written_in_one_statement_with_their_keys_set():
    platform = PlatformFactory()
    records = [_record("k-1"), _record("k-2")]
    notice = OutboxMessage(
        platform=platform,
        recipient="a@example.com",
        subject="s",
        body="b",
        idempotency_key="n-1",
        available_at=NOW,
        created_at=NOW,
    )
    with CaptureQueriesContext(connection) as ctx:
        with statements.atomic_batched() as queued:
            statements.insert(records)
            statements.insert([notice])
            assert [r.pk for r in [*records, notice]] == [None, None, None]  # only queued
    assert queued is True
    writes = [q["sql"] for q in ctx.captured_queries if "INSERT" in q["sql"]]
    assert len(writes) == 1
    assert writes[0].startswith('WITH "b0" AS (INSERT INTO "common_idempotencyrecord"')
    stored = dict(IdempotencyRecord.objects.values_list("key", "pk"))
    assert stored == {"k-1": records[0].pk, "k-2": records[1].pk}
    assert records[0].pk < records[1].pk  # in the order given
    assert OutboxMessage.objects.get(idempotency_key="n-1").pk == notice.pk
    assert not records[0]._state.adding


@on_postgresql
def test_any_other_statement_first_writes_what_is_queued():
    with statements.atomic_batched():
        record = _record("k-1")
        statements.insert([record])
        assert IdempotencyRecord.objects.filter(key="k-1").count() == 1
        assert record.pk is not None


@on_postgresql
def test_rows_queued_inside_a_rolled_back_savepoint_are_not_kept():
    with statements.atomic_batched():
        statements.insert([_record("kept")])
        with contextlib.suppress(RuntimeError), transaction.atomic():
            statements.insert([_record("dropped")])
            raise RuntimeError("roll the savepoint back")
        statements.insert([_record("after")])
    assert sorted(IdempotencyRecord.objects.values_list("key", flat=True)) == ["after", "kept"]


@on_postgresql
def test_a_refused_row_fails_the_whole_batch_at_the_end_of_the_block():
    IdempotencyRecord.objects.create(scope="s", key="taken", status_code=201, response={})

    def intake_like() -> None:
        with statements.atomic_batched():
            statements.insert([_record("new")])
            statements.insert([_record("taken")])  # queued: no error yet

    with pytest.raises(IntegrityError):
        intake_like()
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["taken"]


@on_postgresql
def test_a_second_row_for_a_table_sends_the_queue_first_so_conflicts_resolve_in_order():
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

    with CaptureQueriesContext(connection) as ctx:
        with statements.atomic_batched():
            statements.insert([_record("k")])
            statements.insert([notice("first")], ignore_conflicts=True)
            # A second row for a table sends the queue first: rows of one statement would not
            # see each other, nor run in a promised order.
            statements.insert([notice("second")], ignore_conflicts=True)
    assert list(OutboxMessage.objects.values_list("body", flat=True)) == ["first"]
    assert IdempotencyRecord.objects.filter(key="k").exists()
    assert sum("INSERT" in q["sql"] for q in ctx.captured_queries) == 2


@on_postgresql
def test_the_claim_with_a_ticket_key_picks_as_the_claim_alone_and_draws_fresh_keys():
    platform = PlatformFactory()
    never = MembershipFactory(platform=platform, last_assigned_at=None)
    MembershipFactory(platform=platform, last_assigned_at=NOW)
    first, first_id = claim_next_staff_and_ticket_id(platform_id=platform.pk, tier=1, now=NOW)
    nobody, second_id = claim_next_staff_and_ticket_id(
        platform_id=platform.pk, tier=1, now=NOW, claim=False
    )
    assert first is not None
    assert (first.membership_id, first.employee_id) == (never.pk, never.employee_id)
    assert nobody is None
    assert second_id > first_id
    never.refresh_from_db()
    assert never.last_assigned_at == NOW


@on_postgresql
def test_the_claim_with_a_ticket_key_finds_no_one_when_nobody_is_available():
    platform = PlatformFactory()
    MembershipFactory(platform=platform, is_available=False)
    claimed, ticket_id = claim_next_staff_and_ticket_id(platform_id=platform.pk, tier=1, now=NOW)
    assert claimed is None
    assert ticket_id > 0


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit')")
        return cursor.fetchone()[0]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_claim_in_its_own_transaction_leaves_the_next_transactions_commit_synchronous():
    platform = PlatformFactory()
    MembershipFactory(platform=platform)
    assert not connection.in_atomic_block
    claimed, _key = claim_next_staff_and_ticket_id(platform_id=platform.pk, tier=1, now=NOW)
    assert claimed is not None
    with transaction.atomic():
        assert _synchronous_commit() == "on"


@on_postgresql
def test_a_claim_inside_a_callers_transaction_leaves_that_commit_synchronous():
    platform = PlatformFactory()
    MembershipFactory(platform=platform)
    with transaction.atomic():
        claimed, _key = claim_next_staff_and_ticket_id(platform_id=platform.pk, tier=1, now=NOW)
        assert claimed is not None
        assert _synchronous_commit() == "on"


@contextlib.contextmanager
def _one_by_one() -> Iterator[bool]:
    with transaction.atomic():
        yield False


def _rows(reference: str) -> dict[str, Any]:
    """What an intake stored, without what differs between two intakes by nature (keys,
    reference, token digest, message id, times)."""
    ticket = Ticket.objects.get(reference=reference)
    drop = {"id", "reference", "access_token_digest", "created_at", "updated_at"}
    volatile = drop | {"first_response_due", "resolution_due", "next_breach_at"}
    volatile |= {"next_warning_at", "last_requester_message_at", "ticket_id", "scope", "key"}
    volatile |= {"message_id", "message_id_digest", "idempotency_key", "available_at", "headers"}

    def plain(obj: Any) -> dict[str, Any]:
        return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} | {
            name: None for name in volatile
        }

    return {
        "ticket": plain(ticket),
        "events": [plain(e) for e in TicketEvent.objects.filter(ticket=ticket).order_by("id")],
        "mail": [plain(m) for m in MailRecord.objects.filter(ticket=ticket)],
        "outbox": [
            {
                **plain(o),
                "body": o.body.replace(reference, "R"),
                "subject": o.subject.replace(reference, "R"),
            }
            for o in OutboxMessage.objects.filter(ticket=ticket)
        ],
        "answer": {
            k: v
            for k, v in IdempotencyRecord.objects.get(
                response__reference=reference
            ).response.items()
            if k not in {"reference", "created_at", "due"}
        },
    }


@on_postgresql
@pytest.mark.django_db(transaction=True)  # the intake's own COMMIT sends the batch
def test_an_intake_stores_exactly_the_rows_of_inserts_one_by_one(
    anon_api, platform, agent, monkeypatch
):
    body = complaint(platform.slug, contact={"email": "a@example.com"})
    batched = anon_api.post("/tickets", body, headers={"Idempotency-Key": "one"}).json()
    agent.refresh_from_db()
    agent.last_assigned_at = None  # the same round-robin state for the second intake
    agent.save(update_fields=["last_assigned_at"])
    monkeypatch.setattr(statements, "atomic_batched", _one_by_one)
    with CaptureQueriesContext(connection) as ctx:
        plain = anon_api.post("/tickets", body, headers={"Idempotency-Key": "two"})
    assert sum("INSERT" in q["sql"] for q in ctx.captured_queries) == 5  # really one by one
    assert _rows(batched["reference"]) == _rows(plain.json()["reference"])


@on_postgresql
def test_an_intake_writes_its_rows_in_one_statement(anon_api, platform, agent):
    body = complaint(platform.slug, contact={"email": "a@example.com"})
    anon_api.post("/tickets", body, headers={"Idempotency-Key": "warm"})
    with CaptureQueriesContext(connection) as ctx:
        response = anon_api.post("/tickets", body, headers={"Idempotency-Key": "counted"})
    assert response.status_code == 201
    sql = [q["sql"] for q in ctx.captured_queries]
    # the claim with the ticket's key, savepoint, the batch, release (the platform is kept)
    assert len(sql) == 4, [s[:60] for s in sql]
    batch = next(s for s in sql if s.startswith('WITH "b0"'))
    for table in (
        "tickets_ticket",
        "tickets_ticketevent",
        "kefu_channels_mailrecord",
        "kefu_channels_outboxmessage",
        "common_idempotencyrecord",
    ):
        assert f'INSERT INTO "{table}"' in batch
    ticket = Ticket.objects.get(reference=response.json()["reference"])
    assert ticket.assignee_id == agent.pk
    assert list(ticket.events.order_by("id").values_list("kind", flat=True)) == [
        "created",
        "assigned",
    ]


@on_postgresql
@pytest.mark.parametrize(
    "db_mode",
    [
        pytest.param("savepoint", marks=pytest.mark.django_db),
        pytest.param("commit", marks=pytest.mark.django_db(transaction=True)),
    ],
)
def test_a_replayed_idempotency_key_through_the_batch_writes_nothing_new(
    anon_api, platform, agent, db_mode
):
    body = complaint(platform.slug)
    first = anon_api.post("/tickets", body, headers={"Idempotency-Key": "same"})
    counts = [m.objects.count() for m in (Ticket, TicketEvent, OutboxMessage, MailRecord)]
    agent.refresh_from_db()
    turn = agent.last_assigned_at
    again = anon_api.post("/tickets", body, headers={"Idempotency-Key": "same"})
    assert again.status_code == 201
    assert again.json() == first.json()
    assert [m.objects.count() for m in (Ticket, TicketEvent, OutboxMessage, MailRecord)] == counts
    agent.refresh_from_db()
    assert agent.last_assigned_at == turn  # the claim made before the write is given back


@on_postgresql
def test_a_turn_given_back_stays_taken_when_the_person_was_assigned_again_since(platform):
    member = MembershipFactory(platform=platform, last_assigned_at=NOW)
    later = NOW.replace(hour=9)
    claimed, _key = claim_next_staff_and_ticket_id(platform_id=platform.pk, tier=1, now=later)
    assert claimed is not None
    assert claimed.stamped_over == (NOW,)
    Membership.objects.filter(pk=member.pk).update(last_assigned_at=later.replace(hour=10))
    claim_give_back(claimed, now=later)
    member.refresh_from_db()
    assert member.last_assigned_at == later.replace(hour=10)


class _CountingPipelines:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = 0
        raw = connection.connection
        original = raw.pipeline

        def pipeline() -> Any:
            self.entered += 1
            return original()

        monkeypatch.setattr(raw, "pipeline", pipeline)


class _ServerTransactionState:
    """What the server's transaction looked like when each statement was sent."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        raw = connection.connection
        status = raw.info.transaction_status.name
        self.seen.append((str(sql)[:20], raw.autocommit, status))
        return execute(sql, params, many, context)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_transaction_of_queued_rows_only_is_sent_as_one_statement_without_begin(monkeypatch):
    connection.ensure_connection()
    pipelines = _CountingPipelines(monkeypatch)
    state = _ServerTransactionState()
    records = [_record("k-1"), _record("k-2")]
    with connection.execute_wrapper(state):
        with statements.atomic_batched() as queued:
            statements.insert(records)
            assert connection.connection.info.transaction_status.name == "IDLE"
    assert queued is True
    # Sent in autocommit with no transaction open: PostgreSQL runs the one statement as its
    # own transaction (no BEGIN, no COMMIT, one round trip).
    assert state.seen == [('WITH "b0" AS (INSERT', True, "IDLE")]
    assert pipelines.entered == 0
    assert connection.connection.autocommit is True  # Django's own mode outside atomic
    assert [r.pk for r in records] == list(
        IdempotencyRecord.objects.order_by("id").values_list("pk", flat=True)
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_sent_a_statement_sends_its_queue_with_the_commit_in_one_pipeline(
    monkeypatch,
):
    connection.ensure_connection()
    pipelines = _CountingPipelines(monkeypatch)
    record = _record("k-1")
    with CaptureQueriesContext(connection) as ctx:
        with statements.atomic_batched() as queued:
            IdempotencyRecord.objects.filter(key="k-0").exists()  # opens the transaction
            statements.insert([record])
    assert queued is True
    assert pipelines.entered == 1
    assert [q["sql"][:20] for q in ctx.captured_queries] == [
        "BEGIN",
        'SELECT 1 AS "a" FROM',
        'WITH "b0" AS (INSERT',
        "COMMIT",
    ]
    assert IdempotencyRecord.objects.get(key="k-1").pk == record.pk


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_batch_refused_as_its_own_transaction_leaves_nothing_and_the_connection_usable():
    IdempotencyRecord.objects.create(scope="s", key="taken", status_code=201, response={})
    hooks: list[str] = []

    def intake_like() -> None:
        with statements.atomic_batched():
            statements.insert([_record("new"), _record("taken")])
            transaction.on_commit(lambda: hooks.append("ran"))

    with pytest.raises(IntegrityError):
        intake_like()
    assert hooks == []
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["taken"]
    assert connection.connection.autocommit is True
    with transaction.atomic():  # Django's transactions work as before
        IdempotencyRecord.objects.create(scope="s", key="after", status_code=201, response={})
        assert connection.connection.info.transaction_status.name == "INTRANS"
    assert IdempotencyRecord.objects.filter(key="after").exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_row_refused_at_commit_rolls_everything_back_and_leaves_the_connection_usable():
    IdempotencyRecord.objects.create(scope="s", key="taken", status_code=201, response={})
    platform = PlatformFactory()

    def intake_like() -> None:
        with statements.atomic_batched():
            statements.insert(
                [
                    OutboxMessage(
                        platform=platform,
                        recipient="a@example.com",
                        subject="s",
                        body="b",
                        idempotency_key="n-1",
                        available_at=NOW,
                        created_at=NOW,
                    )
                ]
            )
            statements.insert([_record("taken")])

    with pytest.raises(IntegrityError):
        intake_like()
    assert (OutboxMessage.objects.count(), IdempotencyRecord.objects.count()) == (0, 1)
    with statements.atomic_batched():
        statements.insert([_record("next")])
    assert IdempotencyRecord.objects.filter(key="next").exists()


@on_postgresql
def test_a_block_that_raises_drops_its_queue_and_leaves_the_enclosing_transaction_usable():
    IdempotencyRecord.objects.create(scope="s", key="taken", status_code=201, response={})

    with transaction.atomic():
        with contextlib.suppress(ValueError), statements.atomic_batched():
            statements.insert([_record("taken")])  # would be refused if it were sent
            raise ValueError("the caller's own error")
        statements.insert([_record("after")])  # the outer transaction goes on

    assert sorted(IdempotencyRecord.objects.values_list("key", flat=True)) == ["after", "taken"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_insert_made_by_an_on_commit_hook_is_written():
    with statements.atomic_batched():
        statements.insert([_record("in-block")])
        transaction.on_commit(lambda: statements.insert([_record("in-hook")]))

    assert sorted(IdempotencyRecord.objects.values_list("key", flat=True)) == [
        "in-block",
        "in-hook",
    ]
