"""The anti-phishing code API and the embeddable widget."""

from __future__ import annotations

import pytest

from kefu.channels.models import AntiPhishingCode

pytestmark = pytest.mark.django_db


def test_the_requester_sets_a_code_with_the_tickets_access_token(anon_api, open_ticket):
    ticket = open_ticket(contact={"email": "User@Example.com"})

    response = anon_api.post(
        "/anti-phishing-code",
        {"reference": ticket["reference"], "code": "青山绿水"},
        access_token=ticket["access_token"],
    )

    assert response.status_code == 200
    assert response.json() == {
        "reference": ticket["reference"],
        "protected": [{"channel": "email", "address": "us***@example.com"}],
    }
    code = AntiPhishingCode.objects.get()
    assert (code.channel, code.address, code.code) == ("email", "user@example.com", "青山绿水")


@pytest.mark.parametrize("token", [None, "kft_wrong"])
def test_without_the_access_token_the_ticket_is_not_found(anon_api, open_ticket, token):
    ticket = open_ticket()

    response = anon_api.post(
        "/anti-phishing-code",
        {"reference": ticket["reference"], "code": "青山绿水"},
        access_token=token,
    )

    assert response.status_code == 404
    assert AntiPhishingCode.objects.count() == 0


def test_staff_cannot_choose_the_requesters_code(staff_api, agent, open_ticket):
    ticket = open_ticket()

    response = staff_api(agent).post(
        "/anti-phishing-code", {"reference": ticket["reference"], "code": "staffpick"}
    )

    assert response.status_code == 404
    assert AntiPhishingCode.objects.count() == 0


@pytest.mark.parametrize("code", ["abc", "has space", "x" * 21, "ab-cd"])
def test_a_bad_or_too_short_code_is_refused_field_by_field(anon_api, open_ticket, code):
    ticket = open_ticket()

    response = anon_api.post(
        "/anti-phishing-code",
        {"reference": ticket["reference"], "code": code},
        access_token=ticket["access_token"],
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "code"
    assert AntiPhishingCode.objects.count() == 0


@pytest.mark.urls("tests.channels.urls")
def test_the_widget_demo_page_embeds_the_local_script(client, platform):
    page = client.get("/widget/demo/?platform=acme")
    script = client.get("/static/kefu/widget.js")

    assert page.status_code == 200
    assert b'src="/static/kefu/widget.js" data-platform="acme"' in page.content
    assert script.status_code == 200
    source = b"".join(script.streaming_content) if script.streaming else script.content
    assert b"X-Access-Token" in source
    assert b"localStorage" in source
    assert b"innerHTML" not in source  # every text goes in as textContent
    assert b"http://" not in source
    assert b"https://" not in source
