"""POST /api/v1/tickets: what a client sends, what it gets back, and what is stored."""

from __future__ import annotations

import pytest

from kefu.channels.models import OutboxMessage
from kefu.tickets.models import Ticket, TicketEvent
from tests.conftest import complaint

pytestmark = pytest.mark.django_db

USDT_TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"


def test_a_complaint_gets_a_reference_token_and_deadlines(anon_api, platform):
    response = anon_api.post("/tickets", complaint())
    assert response.status_code == 201
    data = response.json()
    assert data["reference"].startswith("KF-")
    assert len(data["reference"]) == 12
    assert data["access_token"].startswith("kft_")
    assert data["status"] == "new"
    assert data["due"]["first_response_at"] < data["due"]["resolution_at"]
    assert data["redactions"] == []


def test_every_field_of_the_contract_is_stored(anon_api, platform):
    body = complaint(
        claim={"amount": "1250.50", "currency": "usdt"},
        incident_at="2026-11-20T09:30:00+08:00",
        staff={"name": "小王", "employee_id": "BP1024"},
        chain_refs=[{"chain": "tron", "address": USDT_TRON}, {"chain": "bitcoin", "txid": TXID}],
        desired_outcomes=["refund", "apology"],
    )
    reference = anon_api.post("/tickets", body).json()["reference"]
    ticket = Ticket.objects.get(reference=reference)
    assert (str(ticket.claim_amount), ticket.claim_currency) == ("1250.50000000", "USDT")
    assert ticket.incident_at.isoformat() == "2026-11-20T01:30:00+00:00"
    assert (ticket.staff_name, ticket.staff_employee_id) == ("小王", "BP1024")
    assert [ref["value"] for ref in ticket.chain_refs] == [USDT_TRON, TXID]
    assert ticket.desired_outcomes == ["apology", "refund"]


def test_the_access_token_is_stored_only_as_a_digest(anon_api, platform):
    data = anon_api.post("/tickets", complaint()).json()
    ticket = Ticket.objects.get(reference=data["reference"])
    assert data["access_token"] not in ticket.access_token_digest
    assert len(ticket.access_token_digest) == 64


def test_opening_writes_a_created_event(anon_api, platform):
    reference = anon_api.post("/tickets", complaint()).json()["reference"]
    kinds = list(
        TicketEvent.objects.filter(ticket__reference=reference).values_list("kind", flat=True)
    )
    assert kinds == ["created"]


def test_a_new_ticket_goes_round_robin_to_available_agents(anon_api, platform, agent, agent2):
    first = anon_api.post("/tickets", complaint()).json()["reference"]
    second = anon_api.post("/tickets", complaint()).json()["reference"]
    assignees = {
        Ticket.objects.get(reference=first).assignee_id,
        Ticket.objects.get(reference=second).assignee_id,
    }
    assert assignees == {agent.pk, agent2.pk}


def test_a_seed_phrase_in_the_body_is_never_stored(anon_api, platform):
    words = "abandon " * 11 + "about"
    data = anon_api.post("/tickets", complaint(body=f"客服让我提供助记词：{words}")).json()
    ticket = Ticket.objects.get(reference=data["reference"])
    assert "abandon" not in ticket.body
    assert data["redactions"] == [{"kind": "mnemonic", "count": 1}]
    assert data["warnings"]


def test_a_labelled_transaction_hash_is_kept(anon_api, platform):
    body = complaint(body=f"转账没到账 {TXID}", chain_refs=[{"chain": "bitcoin", "txid": TXID}])
    data = anon_api.post("/tickets", body).json()
    assert TXID in Ticket.objects.get(reference=data["reference"]).body


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"platform": "nope"}, "platform"),
        ({"kind": "rant"}, "kind"),
        ({"category": "angry"}, "category"),
        ({"subject": ""}, "subject"),
        ({"subject": "   "}, "subject"),
        ({"body": "x" * 20_001}, "body"),
        ({"desired_outcomes": ["revenge"]}, "desired_outcomes[0]"),
        ({"claim": {"amount": "-5", "currency": "USDT"}}, "claim.amount"),
        ({"incident_at": "2026-11-20T09:30:00"}, "incident_at"),
        ({"incident_at": "2999-01-01T00:00:00+08:00"}, "incident_at"),
        ({"chain_refs": [{"chain": "ethereum", "address": "0x123"}]}, "chain_refs[0]"),
        ({"chain_refs": [{"chain": "tron", "address": USDT_TRON[:-1] + "u"}]}, "chain_refs[0]"),
        ({"contact": {"email": "not-an-email"}}, "contact.email"),
    ],
)
def test_bad_input_is_refused_with_a_field_error(anon_api, platform, override, field):
    response = anon_api.post("/tickets", complaint(**override))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 422
    assert field in [error["field"] for error in problem["errors"]]
    assert Ticket.objects.count() == 0


def test_a_missing_required_field_is_named(anon_api, platform):
    body = complaint()
    del body["subject"]
    response = anon_api.post("/tickets", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["subject"]


def test_malformed_json_is_a_clear_error_not_a_500(anon_api, platform):
    response = anon_api.client.post("/api/v1/tickets", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")


def test_an_oversized_body_is_refused_with_413(anon_api, platform):
    response = anon_api.post("/tickets", complaint(body="长" * 300_000))
    assert response.status_code == 413
    assert response.json()["status"] == 413


def test_a_repeated_idempotency_key_returns_the_first_answer(anon_api, platform):
    headers = {"Idempotency-Key": "retry-1"}
    first = anon_api.post("/tickets", complaint(), headers=headers)
    second = anon_api.post("/tickets", complaint(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Ticket.objects.count() == 1


def test_a_replay_writes_nothing_new(anon_api, platform, agent):
    headers = {"Idempotency-Key": "retry-3"}
    body = complaint(contact={"email": "a@example.com"})
    anon_api.post("/tickets", body, headers=headers)
    counts = (TicketEvent.objects.count(), OutboxMessage.objects.count())
    agent.refresh_from_db()
    assigned_at = agent.last_assigned_at
    assert anon_api.post("/tickets", body, headers=headers).status_code == 201
    agent.refresh_from_db()
    assert (TicketEvent.objects.count(), OutboxMessage.objects.count()) == counts
    assert agent.last_assigned_at == assigned_at


def test_the_replayed_token_still_opens_the_ticket(anon_api, platform):
    headers = {"Idempotency-Key": "retry-2"}
    anon_api.post("/tickets", complaint(), headers=headers)
    replay = anon_api.post("/tickets", complaint(), headers=headers).json()
    response = anon_api.get(f"/tickets/{replay['reference']}", access_token=replay["access_token"])
    assert response.status_code == 200


def test_the_same_key_with_another_body_creates_another_ticket(anon_api, platform):
    headers = {"Idempotency-Key": "shared-key"}
    anon_api.post("/tickets", complaint(), headers=headers)
    anon_api.post("/tickets", complaint(subject="另一个问题"), headers=headers)
    assert Ticket.objects.count() == 2
