"""Photos and files sent to the bot: recorded by the webhook, fetched from a local Bot API by
the worker's service, stored through the evidence checks, or refused with a word to the user."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import count

import pytest
from django_tasks_db.models import DBTaskResult

from kefu.channels.models import MediaStatus, OutboxMessage, TelegramBot, TelegramMedia
from kefu.channels.services.telegram import telegram_bot_create
from kefu.channels.services.telegram_media import (
    _fail,
    telegram_media_fetch,
    telegram_media_sweep,
)
from kefu.tickets.models import Attachment, Ticket, TicketEvent
from tests.channels.conftest import SEED_PHRASE
from tests.channels.mails import PNG

pytestmark = pytest.mark.django_db

CHAT = 515151
TOKEN = "654321:TEST-media-token"
_ids = count(5000)


@pytest.fixture
def bot(platform) -> TelegramBot:
    return telegram_bot_create(platform=platform, token=TOKEN)


def message_update(**content: object) -> dict:
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": 7,
            "date": 1764000000,
            "chat": {"id": CHAT, "type": "private"},
            "from": {"id": CHAT, "is_bot": False, "first_name": "小红", "language_code": "zh"},
            **content,
        },
    }


def photo(file_id: str, *, size: int | None = None) -> list[dict]:
    largest = {"file_id": file_id, "file_unique_id": "u" + file_id, "width": 1280, "height": 960}
    if size is not None:
        largest["file_size"] = size
    return [{"file_id": "thumb", "file_unique_id": "t", "width": 90, "height": 67}, largest]


def post(client, bot, body) -> dict:
    answer = client.post(
        f"/api/v1/channels/telegram/{bot.platform.slug}/{bot.path_secret}",
        json.dumps(body),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": bot.header_secret},
    )
    assert answer.status_code == 200, answer.content
    return answer.json()


def serve(bot_api, file_id: str, data: bytes) -> None:
    bot_api.files[f"/file/bot{TOKEN}/media/{file_id}"] = data


def test_a_photo_alone_opens_a_ticket_and_becomes_its_attachment(client, bot, bot_api):
    serve(bot_api, "ph1", PNG)

    assert post(client, bot, message_update(photo=photo("ph1")))["status"] == "opened"
    ticket = Ticket.objects.get()
    assert ticket.body == "（发送了文件，见附件）"
    assert telegram_media_sweep() == 1

    attachment = Attachment.objects.get(ticket=ticket)
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "telegram-photo-uph1.jpg",
        "image/png",
        len(PNG),
    )
    assert TelegramMedia.objects.get().status == MediaStatus.STORED
    # The largest size was fetched, not the thumbnail.
    assert [c.json() for c in bot_api.calls if c.path.endswith("/getFile")] == [{"file_id": "ph1"}]


def test_a_captioned_photo_continues_the_chats_ticket(client, bot, bot_api):
    serve(bot_api, "ph2", PNG)
    post(client, bot, message_update(text="提现三天没到账"))

    outcome = post(client, bot, message_update(photo=photo("ph2"), caption="这是截图"))
    telegram_media_sweep()

    ticket = Ticket.objects.get()
    assert outcome == {"ok": True, "status": "replied"}
    assert list(ticket.messages.values_list("body", flat=True)) == ["这是截图"]
    assert ticket.attachments.count() == 1


def test_the_fetch_is_enqueued_for_the_worker_when_the_message_commits(
    client, bot, bot_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, bot, message_update(photo=photo("ph3")))

    media = TelegramMedia.objects.get()
    task = DBTaskResult.objects.get(task_path="kefu.channels.tasks.fetch_telegram_media")
    assert task.args_kwargs["args"] == [media.pk]


def test_a_text_file_holding_a_seed_phrase_is_refused_and_the_user_told(client, bot, bot_api):
    serve(bot_api, "doc1", f"my words: {SEED_PHRASE}\n".encode())
    document = {"file_id": "doc1", "file_unique_id": "d1", "file_name": "备份.txt"}
    post(client, bot, message_update(document=document, caption="钱包备份"))

    assert telegram_media_fetch(TelegramMedia.objects.get().pk) == "refused"

    ticket = Ticket.objects.get()
    assert not Attachment.objects.exists()
    event = TicketEvent.objects.get(ticket=ticket, kind="attachment_refused")
    assert event.after["name"] == "备份.txt"
    assert (event.after["reason"], event.after["channel"], event.public) == (
        "quarantined",
        "telegram",
        False,
    )
    [notice] = OutboxMessage.objects.filter(channel="telegram", idempotency_key__contains="media")
    assert notice.recipient == str(CHAT)
    assert "备份.txt" in notice.body
    assert "助记词" in notice.body


def test_a_file_declared_over_the_limit_is_refused_without_a_download(
    client, bot, bot_api, settings
):
    settings.KEFU_ATTACHMENT_MAX_BYTES = 1000
    post(client, bot, message_update(photo=photo("big", size=5000)))

    assert telegram_media_sweep() == 1

    assert TelegramMedia.objects.get().status == MediaStatus.REFUSED
    assert not [c for c in bot_api.calls if "getFile" in c.path or c.path.startswith("/file/")]
    assert "文件太大" in OutboxMessage.objects.get(idempotency_key__contains="media").body


def test_a_download_that_fails_for_a_while_is_retried_by_the_sweep(client, bot, bot_api):
    post(client, bot, message_update(photo=photo("ph4")))
    bot_api.statuses.append(502)  # Telegram is having a bad minute

    assert telegram_media_sweep() == 1
    media = TelegramMedia.objects.get()
    assert (media.status, media.attempts) == (MediaStatus.PENDING, 1)
    assert telegram_media_sweep() == 0  # not before the claim is over

    TelegramMedia.objects.update(claimed_at=media.claimed_at - timedelta(minutes=10))
    serve(bot_api, "ph4", PNG)
    assert telegram_media_sweep() == 1

    media.refresh_from_db()
    assert (media.status, media.attempts) == (MediaStatus.STORED, 2)
    assert Attachment.objects.count() == 1


def test_a_file_telegram_no_longer_has_fails_for_good_and_the_user_is_told(client, bot, bot_api):
    post(client, bot, message_update(photo=photo("gone")))  # nothing served: 404

    assert telegram_media_sweep() == 1

    media = TelegramMedia.objects.get()
    assert (media.status, media.reason) == (MediaStatus.FAILED, "telegram_http_404")
    assert OutboxMessage.objects.filter(idempotency_key__contains="media").count() == 1
    assert telegram_media_fetch(media.pk) == "failed"  # running it again does nothing more
    assert OutboxMessage.objects.filter(idempotency_key__contains="media").count() == 1


def test_a_sticker_alone_is_answered_with_what_the_bot_accepts(client, bot, bot_api):
    outcome = post(client, bot, message_update(sticker={"file_id": "st", "emoji": "👍"}))

    assert outcome["status"] == "ignored"
    assert not Ticket.objects.exists()
    assert "图片和文件" in OutboxMessage.objects.get().body


def test_a_fetch_for_a_file_whose_ticket_was_deleted_does_nothing(client, bot, bot_api):
    post(client, bot, message_update(photo=photo("ph5")))
    media_id = TelegramMedia.objects.get().pk
    Ticket.objects.all().delete()

    assert telegram_media_fetch(media_id) == "gone"
    assert not [c for c in bot_api.calls if "getFile" in c.path]


def test_the_sweep_stops_at_the_first_file_telegram_cannot_hand_over(client, bot, bot_api):
    post(client, bot, message_update(photo=photo("a1")))
    post(client, bot, message_update(photo=photo("a2")))
    bot_api.statuses.append(503)

    assert telegram_media_sweep() == 1  # the second waits for the next sweep

    assert sorted(TelegramMedia.objects.values_list("attempts", flat=True)) == [0, 1]


def test_a_file_that_used_up_its_attempts_fails_for_good_and_the_user_is_told(client, bot, bot_api):
    post(client, bot, message_update(photo=photo("tired")))
    TelegramMedia.objects.update(attempts=5, reason="telegram_unreachable")

    assert telegram_media_fetch(TelegramMedia.objects.get().pk) == "failed"

    assert not [c for c in bot_api.calls if "getFile" in c.path]
    assert (
        "无法从 Telegram 取得该文件"
        in OutboxMessage.objects.get(idempotency_key__contains="media").body
    )


def test_a_file_ended_by_another_worker_is_not_noted_twice(client, bot, bot_api):
    post(client, bot, message_update(photo=photo("twice")))
    seen_by_a_second_worker = TelegramMedia.objects.get()  # still pending, in its memory
    TelegramMedia.objects.update(attempts=5)
    assert telegram_media_fetch(seen_by_a_second_worker.pk) == "failed"

    assert _fail(seen_by_a_second_worker, "telegram_unreachable") == "failed"

    assert TicketEvent.objects.filter(kind="attachment_refused").count() == 1
    assert OutboxMessage.objects.filter(idempotency_key__contains="media").count() == 1
