"""Per-client intake limit, and who the client is behind a reverse proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from kefu.common.clients import client_address, client_bucket
from kefu.tickets.models import Ticket
from tests.conftest import complaint
from tests.portal.conftest import complaint_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_per_window(settings):
    settings.KEFU_INTAKE_PER_CLIENT = 3


def test_the_api_refuses_a_client_over_its_intake_limit_with_429(
    platform, anon_api, three_per_window
):
    statuses = [anon_api.post("/tickets", complaint()).status_code for _ in range(4)]

    assert statuses == [201, 201, 201, 429]
    refused = anon_api.post("/tickets", complaint())
    assert refused["Content-Type"].startswith("application/problem+json")
    assert refused.json()["type"] == "urn:kefu:problem:rate_limited"
    assert Ticket.objects.count() == 3


def test_a_retry_of_a_create_that_went_through_is_answered_over_the_limit(
    platform, anon_api, three_per_window
):
    first = anon_api.post("/tickets", complaint(), headers={"Idempotency-Key": "retry-1"})
    for _ in range(2):
        anon_api.post("/tickets", complaint(subject="另一件事"))

    again = anon_api.post("/tickets", complaint(), headers={"Idempotency-Key": "retry-1"})

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["reference"] == first.json()["reference"]
    assert anon_api.post("/tickets", complaint(subject="第四件")).status_code == 429


def test_another_client_address_has_its_own_allowance(platform, anon_api, three_per_window):
    for _ in range(3):
        anon_api.post("/tickets", complaint())

    other = anon_api.client.post(
        "/api/v1/tickets",
        complaint(),
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
    )

    assert other.status_code == 201


def test_staff_filing_through_the_api_are_not_limited(platform, agent, staff_api, three_per_window):
    api = staff_api(agent)

    statuses = {api.post("/tickets", complaint()).status_code for _ in range(5)}

    assert statuses == {201}


def test_the_portal_form_is_shown_again_with_the_message_over_the_limit(
    client, platform, three_per_window
):
    for _ in range(3):
        assert client.post("/p/acme/new/", complaint_form()).status_code == 302

    response = client.post("/p/acme/new/", complaint_form())

    assert response.status_code == 429
    assert "请稍等几分钟" in response.content.decode()
    assert Ticket.objects.count() == 3


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "198.51.100.7", "203.0.113.9", "198.51.100.7"),  # no proxy trusted: header ignored
        (["127.0.0.1"], "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        (["127.0.0.1"], "198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not from the proxy
        # The client wrote the left entry itself; the proxy appended what it saw.
        (["10.0.0.0/8"], "10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "not-an-address", "127.0.0.1"),
        (["::1"], "::1", "2001:db8::1", "2001:db8::1"),
        (["127.0.0.1"], "127.0.0.1", "203.0.113.9:51234", "203.0.113.9"),  # port added by an LB
        (["127.0.0.1"], "127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_the_client_is_the_address_the_trusted_proxies_saw(
    settings, trusted, remote, forwarded, expected
):
    settings.KEFU_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_loopback_is_a_trusted_proxy_by_default(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert client_address(request) == "203.0.113.9"


@pytest.mark.parametrize(
    ("remote", "bucket"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),  # the same subscriber
        ("::ffff:198.51.100.7", "198.51.100.7"),
    ],
)
def test_an_ipv6_client_is_counted_by_its_64(settings, remote, bucket):
    settings.KEFU_TRUSTED_PROXIES = []

    assert client_bucket(RequestFactory().get("/", REMOTE_ADDR=remote)) == bucket


def test_a_complaint_sent_back_for_its_content_does_not_use_up_the_allowance(
    platform, anon_api, three_per_window
):
    mistyped = complaint(chain_refs=[{"chain": "ethereum", "address": "0x123"}])
    refusals = [anon_api.post("/tickets", mistyped).status_code for _ in range(5)]

    accepted = [anon_api.post("/tickets", complaint()).status_code for _ in range(4)]

    assert refusals == [422] * 5
    assert accepted == [201, 201, 201, 429]


def test_the_portal_form_sent_back_for_an_unknown_chain_reference_keeps_the_allowance(
    client, platform, three_per_window
):
    mistyped = {
        **complaint_form(),
        "chain-0-chain": "ethereum",
        "chain-0-ref_kind": "address",
        "chain-0-value": "0x123",
    }
    for _ in range(4):
        assert client.post("/p/acme/new/", mistyped).status_code == 422

    statuses = [client.post("/p/acme/new/", complaint_form()).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
