"""Pages and endpoints run a constant number of queries, not one per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import complaint

pytestmark = pytest.mark.django_db


def _count(callable_) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = callable_()
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_ticket_list_costs_the_same_for_1_and_20_tickets(staff_api, agent, open_ticket):
    api = staff_api(agent)
    open_ticket()
    api.get("/tickets")  # warm caches (content types, sessions)
    one = _count(lambda: api.get("/tickets"))
    for _ in range(19):
        open_ticket()
    twenty = _count(lambda: api.get("/tickets"))
    assert one == twenty


def test_a_ticket_with_many_messages_costs_the_same_as_one_with_few(staff_api, agent, open_ticket):
    api = staff_api(agent)
    reference = open_ticket()["reference"]
    api.post(f"/tickets/{reference}/messages", {"body": "第一条"})
    few = _count(lambda: api.get(f"/tickets/{reference}"))
    for index in range(10):
        api.post(f"/tickets/{reference}/messages", {"body": f"第{index}条回复"})
    many = _count(lambda: api.get(f"/tickets/{reference}"))
    assert few == many


def test_an_intake_with_idempotency_key_and_acknowledgement_mail_runs_at_most_ten_statements(
    anon_api, platform, agent
):
    body = complaint(platform.slug, contact={"email": "a@example.com"})
    anon_api.post("/tickets", body, headers={"Idempotency-Key": "warm"})
    with CaptureQueriesContext(connection) as ctx:
        response = anon_api.post("/tickets", body, headers={"Idempotency-Key": "counted"})
    assert response.status_code == 201
    # platform, (savepoint), round-robin claim, ticket, timeline, mail thread record, outbox,
    # idempotency record, (release)
    assert len(ctx.captured_queries) <= 10, [q["sql"][:60] for q in ctx.captured_queries]


def test_a_repeated_read_of_an_unchanged_ticket_runs_one_statement(anon_api, open_ticket, agent):
    created = open_ticket()
    path = f"/tickets/{created['reference']}"
    first = anon_api.get(path, access_token=created["access_token"])
    with CaptureQueriesContext(connection) as ctx:
        again = anon_api.get(path, access_token=created["access_token"])
    assert again.json() == first.json()
    assert len(ctx.captured_queries) == 1, [q["sql"][:60] for q in ctx.captured_queries]
