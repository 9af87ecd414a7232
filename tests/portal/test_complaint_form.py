"""Filing a complaint through the web form: field errors, evidence, the one-time token."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kefu.platforms.models import Platform
from kefu.tickets.models import Attachment, Ticket
from tests.portal.conftest import SEED_PHRASE, complaint_form, tiny_png

pytestmark = pytest.mark.django_db

TXID = "0x" + "ab12" * 16


def test_missing_subject_reshows_the_form_with_the_error(
    client: Client, platform: Platform
) -> None:
    response = client.post("/p/acme/new/", complaint_form(subject=""))

    assert response.status_code == 422
    assert "subject" in response.context["form"].errors
    assert Ticket.objects.count() == 0
    assert "我在 11 月 20 日提现" in response.content.decode()  # nothing typed is lost


def test_bad_chain_reference_is_shown_on_its_row(client: Client, platform: Platform) -> None:
    data = complaint_form(**{"chain-1-chain": "ethereum", "chain-1-value": "0x123"})

    response = client.post("/p/acme/new/", data)

    assert response.status_code == 422
    refs = response.context["refs"]
    assert refs.forms[1].errors["value"]
    assert not refs.forms[0].errors
    assert Ticket.objects.count() == 0


def test_future_incident_time_is_refused_by_the_service(client: Client, platform: Platform) -> None:
    response = client.post("/p/acme/new/", complaint_form(incident_at="2999-01-01T10:00"))

    assert response.status_code == 422
    assert response.context["form"].errors["incident_at"]
    assert Ticket.objects.count() == 0


def test_complaint_with_evidence_creates_the_ticket_and_shows_the_token_once(
    client: Client, platform: Platform
) -> None:
    png = SimpleUploadedFile("screenshot.png", tiny_png(), content_type="image/png")
    data = complaint_form(
        **{"chain-0-chain": "ethereum", "chain-0-ref_kind": "txid", "chain-0-value": TXID}
    )
    data["evidence"] = [png]

    response = client.post("/p/acme/new/", data)

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/track/{ticket.reference}/created/"
    assert ticket.subject == "提现三天没有到账"
    assert ticket.category == "slow_response"
    assert ticket.desired_outcomes == ["explanation", "fix"]
    assert ticket.claim_amount == Decimal("500")
    assert ticket.claim_currency == "USDT"
    assert ticket.staff_employee_id == "BP1024"
    assert ticket.contact == {"email": "user@example.com"}
    assert ticket.incident_at.isoformat() == "2024-11-20T01:30:00+00:00"  # 09:30 in Shanghai
    assert [ref["value"] for ref in ticket.chain_refs] == [TXID]
    attachment = Attachment.objects.get(ticket=ticket)
    assert attachment.name == "screenshot.png"
    assert attachment.content_type == "image/png"

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert ticket.reference in html
    assert attachment.sha256 in html
    token = re.search(r"\?token=(kft_[\w-]+)", html).group(1)
    assert page["Cache-Control"] == "no-store"

    again = client.get(response["Location"])
    assert again.status_code == 302
    assert again["Location"] == f"/track/{ticket.reference}/"
    tracking = client.get(again["Location"])
    assert tracking.status_code == 200
    assert token not in tracking.content.decode()


def test_a_refused_file_keeps_the_ticket_and_says_which_file_and_why(
    client: Client, platform: Platform
) -> None:
    good = SimpleUploadedFile("ok.png", tiny_png(), content_type="image/png")
    secret = SimpleUploadedFile("notes.txt", SEED_PHRASE.encode(), content_type="text/plain")
    data = complaint_form()
    data["evidence"] = [good, secret]

    response = client.post("/p/acme/new/", data)

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert list(ticket.attachments.values_list("name", flat=True)) == ["ok.png"]
    html = client.get(response["Location"]).content.decode()
    assert ticket.reference in html
    assert "notes.txt" in html
    assert 'class="alert alert-warn"' in html


def test_a_seed_phrase_in_the_body_is_hidden_and_the_requester_warned(
    client: Client, platform: Platform
) -> None:
    response = client.post("/p/acme/new/", complaint_form(body=f"客服让我发助记词：{SEED_PHRASE}"))

    ticket = Ticket.objects.get()
    assert "abandon" not in ticket.body
    html = client.get(response["Location"]).content.decode()
    assert 'class="alert alert-danger"' in html


def test_the_live_shield_warning_flags_a_seed_phrase(client: Client, db: None) -> None:
    response = client.post("/shield/preview/", {"body": f"my words: {SEED_PHRASE}"})

    assert response.status_code == 200
    assert 'class="shield-warning"' in response.content.decode()


def test_the_live_shield_warning_is_empty_for_plain_text(client: Client, db: None) -> None:
    response = client.post("/shield/preview/", {"body": "提现没有到账"})

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_a_bare_64_hex_asks_whether_it_is_a_transaction_hash(client: Client, db: None) -> None:
    response = client.post("/shield/preview/", {"body": "看这个 " + "9f" * 32})

    html = response.content.decode()
    assert 'data-move-hex data-start="4" data-end="68"' in html
    assert 'class="shield-title"' not in html  # not the seed-phrase alarm: a question
