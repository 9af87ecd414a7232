"""Telegram: Bot API updates in through the webhook, answers out through a local Bot API."""

from __future__ import annotations

import json
from itertools import count

import pytest

from kefu.accounts.actors import actor_for_user
from kefu.channels.models import TelegramBot
from kefu.channels.services import outbox_drain
from kefu.channels.services.conversations import requester_actor
from kefu.channels.services.telegram import telegram_bot_create
from kefu.tickets.models import Message, Ticket, TicketLink
from kefu.tickets.services import RequesterAction, ticket_reply, ticket_requester_action
from tests.channels.conftest import SEED_PHRASE
from tests.factories import OfficialChannelFactory

pytestmark = pytest.mark.django_db

CHAT = 424242
TOKEN = "123456:TEST-bot-token"
_ids = count(1000)


@pytest.fixture
def bot(platform) -> TelegramBot:
    OfficialChannelFactory(
        platform=platform, kind="telegram", value="@acme_support", label="Telegram"
    )
    OfficialChannelFactory(
        platform=platform, kind="website", value="https://acme.example", label="官网"
    )
    return telegram_bot_create(platform=platform, token=TOKEN)


def update(text: str, *, update_id: int | None = None, chat: int = CHAT) -> dict:
    return {
        "update_id": update_id or next(_ids),
        "message": {
            "message_id": 1,
            "date": 1764000000,
            "chat": {"id": chat, "type": "private", "first_name": "小明"},
            "from": {
                "id": chat,
                "is_bot": False,
                "first_name": "小明",
                "username": "xiaoming",
                "language_code": "zh-hans",
            },
            "text": text,
        },
    }


def post(client, bot, body, *, secret=None, header="default"):
    headers = {}
    if header == "default":
        headers["X-Telegram-Bot-Api-Secret-Token"] = bot.header_secret
    elif header is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = header
    return client.post(
        f"/api/v1/channels/telegram/{bot.platform.slug}/{secret or bot.path_secret}",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def sent(bot_api) -> list[dict]:
    assert all(call.path == f"/bot{TOKEN}/sendMessage" for call in bot_api.calls)
    return [call.json() for call in bot_api.calls]


def test_start_lists_the_official_channels(client, bot, bot_api):
    response = post(client, bot, update("/start"))

    assert response.status_code == 200
    assert response.json() == {"ok": True, "status": "start"}
    assert Ticket.objects.count() == 0
    outbox_drain()
    [message] = sent(bot_api)
    assert message["chat_id"] == CHAT
    assert "@acme_support" in message["text"]
    assert "https://acme.example" in message["text"]
    assert "助记词" in message["text"]  # never send it: said up front


def test_messages_open_then_continue_the_chats_ticket_and_staff_answers_in_the_chat(
    client, bot, bot_api, agent
):
    assert post(client, bot, update("我的USDT转账一直在pending")).json()["status"] == "opened"
    assert post(client, bot, update("交易哈希稍后补充")).json()["status"] == "replied"

    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.subject, ticket.contact) == (
        "telegram",
        "我的USDT转账一直在pending",
        {"telegram": "@xiaoming", "name": "小明"},
    )
    assert list(ticket.messages.values_list("body", "channel")) == [
        ("交易哈希稍后补充", "telegram")
    ]
    outbox_drain()
    [opened] = sent(bot_api)
    assert ticket.reference in opened["text"]
    assert "token=kft_" in opened["text"]
    bot_api.calls.clear()

    ticket_reply(actor=actor_for_user(agent.user), ticket=ticket, body="您好，正在为您查询。")
    outbox_drain()

    [answer] = sent(bot_api)
    assert answer["chat_id"] == CHAT
    assert "您好，正在为您查询。" in answer["text"]
    assert ticket.reference in answer["text"]


def test_the_anti_phishing_code_set_in_the_chat_heads_every_bot_message(
    client, bot, bot_api, agent
):
    post(client, bot, update("/code 青山绿水"))
    post(client, bot, update("帮我查一下充值"))
    outbox_drain()

    assert all("防钓鱼码：青山绿水" in m["text"] for m in sent(bot_api)[1:])


def test_a_seed_phrase_is_redacted_and_the_bot_warns_at_once(client, bot, bot_api):
    post(client, bot, update(f"这是我的助记词 {SEED_PHRASE} 帮我找回资产"))

    ticket = Ticket.objects.get()
    assert "sausage" not in ticket.body
    assert "sausage" not in ticket.subject
    assert [r["kind"] for r in ticket.redactions] == ["mnemonic"]  # subject and body
    outbox_drain()
    warning = sent(bot_api)[0]
    assert warning["chat_id"] == CHAT
    assert warning["text"].startswith("⚠️")
    assert "sausage" not in json.dumps(sent(bot_api))


def test_an_update_delivered_twice_is_processed_once(client, bot, bot_api):
    body = update("重复投递", update_id=77)

    assert post(client, bot, body).json()["status"] == "opened"
    assert post(client, bot, body).json()["status"] == "duplicate"

    assert Ticket.objects.count() == 1
    assert Message.objects.count() == 0


def test_after_the_ticket_is_finished_the_next_message_opens_a_new_one_linked_to_it(
    client, bot, bot_api
):
    post(client, bot, update("第一个问题"))
    first = Ticket.objects.get()
    ticket_requester_action(
        actor=requester_actor(first), ticket=first, action=RequesterAction.WITHDRAW, reason=""
    )

    assert post(client, bot, update("另一个问题")).json()["status"] == "opened"

    second = Ticket.objects.exclude(pk=first.pk).get()
    link = TicketLink.objects.get()
    assert (link.from_ticket, link.to_ticket, link.relation) == (second, first, "related")
    assert post(client, bot, update("补充一句")).json()["status"] == "replied"
    assert list(second.messages.values_list("body", flat=True)) == ["补充一句"]


@pytest.mark.parametrize(
    ("secret", "header"),
    [("wrong-path-secret", "default"), (None, None), (None, "wrong-header-secret")],
)
def test_a_wrong_path_secret_or_header_is_refused_with_404(client, bot, bot_api, secret, header):
    response = post(client, bot, update("你好"), secret=secret, header=header)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert Ticket.objects.count() == 0


def test_the_bot_token_is_never_logged(client, bot, bot_api, agent, caplog):
    caplog.set_level("DEBUG")
    post(client, bot, update("日志里不能有令牌"))
    bot_api.statuses = [500]
    outbox_drain()

    assert TOKEN not in caplog.text
    assert bot.header_secret not in caplog.text


def test_a_message_continues_an_older_ticket_reopened_on_the_portal(client, bot, bot_api):
    post(client, bot, update("第一个问题"))
    first = Ticket.objects.get()
    ticket_requester_action(
        actor=requester_actor(first), ticket=first, action=RequesterAction.WITHDRAW, reason=""
    )
    post(client, bot, update("另一个问题"))
    second = Ticket.objects.exclude(pk=first.pk).get()
    ticket_requester_action(
        actor=requester_actor(second), ticket=second, action=RequesterAction.WITHDRAW, reason=""
    )
    Ticket.objects.filter(pk=first.pk).update(status="open")  # reopened on the portal

    assert post(client, bot, update("还是第一个问题")).json()["status"] == "replied"

    assert list(first.messages.values_list("body", flat=True)) == ["还是第一个问题"]
