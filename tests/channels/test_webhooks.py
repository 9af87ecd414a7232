"""Webhooks: signed messages in from DM bridges; signed ticket events out to subscribers."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kefu.accounts.actors import actor_for_user
from kefu.channels import signing
from kefu.channels.models import WebhookDelivery, WebhookSubscription
from kefu.channels.services import outbox_drain
from kefu.channels.services.webhooks_in import inbound_webhook_create
from kefu.channels.services.webhooks_out import webhook_subscription_create
from kefu.common.errors import Invalid
from kefu.tickets.models import Ticket
from kefu.tickets.services import ticket_reply
from tests.channels.conftest import SEED_PHRASE

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(platform):
    return inbound_webhook_create(platform=platform)


def dm(text: str, *, message_id: str = "dm-1", conversation: str = "conv-9") -> bytes:
    body = {
        "sender": {"id": "x-user-77", "name": "Lily"},
        "text": text,
        "conversation_id": conversation,
        "message_id": message_id,
    }
    return json.dumps(body, ensure_ascii=False).encode()


def deliver(client, body: bytes, signature: str | None):
    headers = {"X-Kefu-Signature": signature} if signature is not None else {}
    return client.post(
        "/api/v1/channels/webhook/acme", body, content_type="application/json", headers=headers
    )


def signed(hook, body: bytes, *, at: int | None = None) -> str:
    return signing.signature_header(hook.secret, at or int(time.time()), body)


def test_a_signed_message_opens_then_continues_a_ticket(client, hook):
    first = dm("我在X上私信你们，提现卡住了", message_id="dm-1")
    second = dm("补充：金额 300 USDT", message_id="dm-2")

    opened = deliver(client, first, signed(hook, first))
    replied = deliver(client, second, signed(hook, second))

    assert opened.status_code == 200
    assert opened.json()["status"] == "opened"
    assert opened.json()["access_token"].startswith("kft_")
    assert replied.json() == {
        "status": "replied",
        "reference": opened.json()["reference"],
        "access_token": None,
        "redactions": [],
        "warnings": [],
    }
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.contact) == ("webhook", {"name": "Lily"})
    assert list(ticket.messages.values_list("body", flat=True)) == ["补充：金额 300 USDT"]


def test_a_seed_phrase_from_a_bridge_is_redacted_and_reported(client, hook):
    body = dm(f"my words: {SEED_PHRASE}")

    answer = deliver(client, body, signed(hook, body)).json()

    assert answer["redactions"]
    assert answer["warnings"]
    assert "sausage" not in Ticket.objects.get().body


@pytest.mark.parametrize(
    ("make_signature", "status"),
    [
        (lambda hook, body: None, 403),
        (
            lambda hook, body: signing.signature_header("not-the-secret", int(time.time()), body),
            403,
        ),
        (lambda hook, body: signed(hook, body, at=int(time.time()) - 301), 403),
        (lambda hook, body: signed(hook, body + b" "), 403),
    ],
    ids=["missing", "forged", "stale", "other-body"],
)
def test_an_unsigned_forged_or_stale_request_is_refused(client, hook, make_signature, status):
    body = dm("你好")

    response = deliver(client, body, make_signature(hook, body))

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["type"] == "urn:kefu:problem:forbidden"
    assert Ticket.objects.count() == 0


def test_a_replayed_signature_is_refused(client, hook):
    body = dm("只发一次")
    signature = signed(hook, body)
    assert deliver(client, body, signature).status_code == 200

    replay = deliver(client, body, signature)

    assert replay.status_code == 409
    assert replay["Content-Type"].startswith("application/problem+json")
    assert Ticket.objects.count() == 1


def test_a_retried_message_id_with_a_new_signature_is_a_duplicate(client, hook):
    body = dm("重试")
    first = deliver(client, body, signed(hook, body)).json()

    retry = deliver(client, body, signed(hook, body, at=int(time.time()) + 1)).json()

    assert retry["status"] == "duplicate"
    assert retry["reference"] == first["reference"]
    assert Ticket.objects.get().messages.count() == 0


# --- out ------------------------------------------------------------------------------------


@pytest.fixture
def loopback_allowed(settings):
    settings.KEFU_WEBHOOK_ALLOW_PRIVATE = "1"


def test_events_are_delivered_signed_to_a_subscriber(
    client, hook, agent, webhook_receiver, loopback_allowed
):
    subscription = webhook_subscription_create(
        platform=hook.platform,
        url=webhook_receiver.url + "/kefu-events",
        events=["ticket.created", "message.created"],
    )
    body = dm("请回复我")
    deliver(client, body, signed(hook, body))
    ticket = Ticket.objects.get()
    ticket_reply(actor=actor_for_user(agent.user), ticket=ticket, body="您好，已收到。")

    assert outbox_drain() >= 2

    assert [call.path for call in webhook_receiver.calls] == ["/kefu-events", "/kefu-events"]
    created, message = webhook_receiver.calls
    for call in (created, message):
        header = call.headers["X-Kefu-Signature"]
        verified = signing.verify(subscription.secret, header, call.body, now=int(time.time()))
        assert verified.signature == header.split("v1=")[1]
        assert call.headers["X-Kefu-Event-Id"] == call.json()["id"]
    assert created.json()["event"] == "ticket.created"
    assert created.json()["ticket"]["reference"] == ticket.reference
    event = message.json()
    assert event["event"] == "message.created"
    assert event["data"]["message"]["body"] == "您好，已收到。"
    assert event["data"]["message"]["employee_id"] == agent.employee_id
    assert event["data"]["conversation"] == {"channel": "webhook", "id": "conv-9"}


def test_a_failing_target_is_retried_with_backoff(client, hook, webhook_receiver, loopback_allowed):
    webhook_subscription_create(
        platform=hook.platform, url=webhook_receiver.url, events=["ticket.created"]
    )
    webhook_receiver.statuses = [500, 503]
    body = dm("重试测试")
    start = timezone.now()

    with time_machine.travel(start, tick=False) as traveller:
        deliver(client, body, signed(hook, body))
        outbox_drain()
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            "pending",
            1,
            500,
        )
        assert delivery.next_attempt_at == start + timedelta(seconds=30)
        outbox_drain()  # not due yet
        assert len(webhook_receiver.calls) == 1

        traveller.shift(timedelta(seconds=31))
        outbox_drain()
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.last_status_code) == (2, 503)
        assert delivery.next_attempt_at == start + timedelta(seconds=31 + 60)

        traveller.shift(timedelta(seconds=61))
        outbox_drain()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert len({call.headers["X-Kefu-Event-Id"] for call in webhook_receiver.calls}) == 1


def test_a_private_target_is_refused_when_private_addresses_are_not_allowed(
    client, hook, webhook_receiver, settings
):
    settings.KEFU_WEBHOOK_ALLOW_PRIVATE = "0"
    WebhookSubscription.objects.create(  # as if DNS had changed since it was checked
        platform=hook.platform, url=webhook_receiver.url, secret="s", events=["ticket.created"]
    )
    hook.platform.settings = {**hook.platform.settings, "webhooks": True}
    hook.platform.save(update_fields=["settings"])
    body = dm("SSRF")
    deliver(client, body, signed(hook, body))

    outbox_drain()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_error) == ("failed", "refused_private_address")
    assert webhook_receiver.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.8/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:8080/",
        "http://127.0.0.1:9/",
        "ftp://example.com/",
        "http://user:pw@example.com/",
    ],
)
def test_subscribing_a_private_or_odd_url_is_refused(hook, settings, url):
    settings.KEFU_WEBHOOK_ALLOW_PRIVATE = "0"

    with pytest.raises(Invalid):
        webhook_subscription_create(platform=hook.platform, url=url, events=["ticket.created"])

    assert WebhookSubscription.objects.count() == 0
