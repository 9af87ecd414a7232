"""Photos and files a requester sends the bot become ticket attachments.

The webhook only records them (a ``TelegramMedia`` row, in the message's transaction) and
enqueues a fetch: Telegram expects its webhook answered at once, and a download can take
seconds. The worker then asks the Bot API for the file and stores it through
``ticket_attach``, so it passes the same evidence checks as an upload (size, type from the
content, no secret in a text file). A refused file is noted on the timeline and the user is
told in the chat; a failed download is retried by ``telegram_media_sweep``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Q

from kefu.channels.models import MediaStatus, TelegramBot, TelegramMedia
from kefu.channels.services.conversations import requester_actor
from kefu.channels.services.outbox import DeliveryRefused, outbox_enqueue
from kefu.channels.services.telegram_api import bot_file_download
from kefu.channels.texts import text
from kefu.common import clock
from kefu.common.errors import DomainError, ErrorCode
from kefu.common.shielding import shield_text
from kefu.tickets.models import Channel, Ticket
from kefu.tickets.services import ticket_attach, ticket_note_refused_attachment

log = logging.getLogger("kefu.channels.telegram")

MAX_ATTEMPTS = 5
# A claim older than this is taken to be a worker that died mid-download.
CLAIM_TIMEOUT = timedelta(minutes=5)
MAX_MEDIA_PER_MESSAGE = 10
SWEEP_BUDGET_SECONDS = 60.0
_FILE_KEYS = ("document", "video", "audio", "voice", "video_note", "animation")
_REASON_TEXT = {
    ErrorCode.TOO_LARGE.value: "tg_media_reason_too_large",
    "too_large": "tg_media_reason_too_large",
    ErrorCode.QUARANTINED.value: "tg_media_reason_secret",
    ErrorCode.UNSUPPORTED_FILE.value: "tg_media_reason_type",
}


@dataclass(frozen=True)
class SentMedia:
    file_id: str
    name: str
    size: int | None


def media_of(message: dict[str, Any]) -> list[SentMedia]:
    """The files of a Telegram ``Message``: the largest size of a photo (Telegram sends
    every photo in several sizes, smallest first) and any document, video or audio."""
    found: list[SentMedia] = []
    photo = message.get("photo")
    if isinstance(photo, list) and photo and isinstance(photo[-1], dict):
        found.extend(_media(photo[-1], "photo", default_suffix=".jpg"))
    for key in _FILE_KEYS:
        item = message.get(key)
        if isinstance(item, dict):
            found.extend(_media(item, key, default_suffix=""))
    return found[:MAX_MEDIA_PER_MESSAGE]


def _media(item: dict[str, Any], kind: str, *, default_suffix: str) -> list[SentMedia]:
    file_id = item.get("file_id")
    if not isinstance(file_id, str) or not file_id or len(file_id) > 255:
        return []
    unique = str(item.get("file_unique_id") or "")[:32]
    given = item.get("file_name")
    # A file name is the sender's text: it passes the shield like every other.
    name = shield_text(given[:200], author_role="requester").text if isinstance(given, str) else ""
    name = name.strip() or f"telegram-{kind}-{unique or 'file'}{default_suffix}"
    size = item.get("file_size")
    return [SentMedia(file_id, name[:200], size if isinstance(size, int) else None)]


def telegram_media_record(
    *, ticket: Ticket, chat_id: str, language: str, media: list[SentMedia]
) -> list[TelegramMedia]:
    """Record the files of a message; call inside its transaction. Each is fetched by the
    worker once the transaction commits."""
    now = clock.now()
    rows = TelegramMedia.objects.bulk_create(
        [
            TelegramMedia(
                platform_id=ticket.platform_id,
                ticket=ticket,
                chat_id=chat_id,
                language=language,
                file_id=item.file_id,
                name=item.name,
                declared_size=item.size,
                created_at=now,
            )
            for item in media
        ]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _enqueue(ids))
    return rows


def _enqueue(ids: list[int]) -> None:
    from kefu.channels.tasks import fetch_telegram_media

    for media_id in ids:
        fetch_telegram_media.enqueue(media_id)


def telegram_media_fetch(media_id: int) -> str:
    """Fetch and store one file; safe to run twice (a claim per attempt). Returns its status."""
    media = (
        TelegramMedia.objects.select_related("ticket", "ticket__platform")
        .filter(pk=media_id)
        .first()
    )
    if media is None:
        return "gone"  # its ticket was deleted since
    if media.status != MediaStatus.PENDING:
        return str(media.status)
    if media.attempts >= MAX_ATTEMPTS:
        # Whatever ended the earlier attempts (a crash included), this file had its chances.
        return _fail(media, media.reason or "too_many_attempts")
    now = clock.now()
    claimed = (
        TelegramMedia.objects.filter(pk=media.pk, status=MediaStatus.PENDING)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "busy"  # another worker holds it
    media.attempts += 1
    limit = settings.KEFU_ATTACHMENT_MAX_BYTES
    if media.declared_size is not None and media.declared_size > limit:
        return _refuse(media, ErrorCode.TOO_LARGE.value)
    bot = TelegramBot.objects.filter(platform_id=media.platform_id, is_active=True).first()
    if bot is None:
        return _fail(media, "no_telegram_bot")
    try:
        data = bot_file_download(bot.token, media.file_id, limit=limit)
    except DeliveryRefused as exc:
        return _refuse(media, str(exc)) if str(exc) == "too_large" else _fail(media, str(exc))
    except OSError as exc:
        if media.attempts >= MAX_ATTEMPTS:
            return _fail(media, str(exc))
        # Left pending; the sweep tries again once this claim is CLAIM_TIMEOUT old.
        TelegramMedia.objects.filter(pk=media.pk).update(claimed_at=now, reason=str(exc)[:64])
        return str(MediaStatus.PENDING)
    upload = SimpleUploadedFile(media.name, data)
    try:
        with transaction.atomic():
            ticket_attach(actor=requester_actor(media.ticket), ticket=media.ticket, upload=upload)
            if not _finish(media, MediaStatus.STORED, ""):
                transaction.set_rollback(True)  # another worker ended it first: attach nothing
                return _status_of(media)
    except DomainError as exc:
        return _refuse(media, exc.code.value)
    log.info("telegram.media stored ticket=%s size=%d", media.ticket.reference, len(data))
    return str(MediaStatus.STORED)


def _refuse(media: TelegramMedia, reason: str) -> str:
    return _give_up(media, MediaStatus.REFUSED, reason)


def _fail(media: TelegramMedia, reason: str) -> str:
    return _give_up(media, MediaStatus.FAILED, reason)


def _give_up(media: TelegramMedia, status: MediaStatus, reason: str) -> str:
    """Note it on the ticket and tell the user in the chat, in one transaction."""
    language = media.language
    why = text(_REASON_TEXT.get(reason, "tg_media_reason_failed"), language)
    with transaction.atomic():
        if not _finish(media, status, reason):
            return _status_of(media)  # another worker ended it first
        ticket_note_refused_attachment(
            ticket=media.ticket,
            name=media.name,
            reason=reason,
            size=media.declared_size,
            channel=Channel.TELEGRAM,
        )
        outbox_enqueue(
            platform_id=media.platform_id,
            ticket_id=media.ticket_id,
            recipient=media.chat_id,
            subject="telegram",
            body=text("tg_media_refused", language, name=media.name, reason=why),
            idempotency_key=f"tg:{media.platform_id}:media:{media.pk}",
            channel=Channel.TELEGRAM,
            language=language,
        )
    log.info("telegram.media %s ticket=%s reason=%s", status, media.ticket.reference, reason)
    return str(status)


def _status_of(media: TelegramMedia) -> str:
    status = TelegramMedia.objects.filter(pk=media.pk).values_list("status", flat=True).first()
    return str(status or "gone")


def _finish(media: TelegramMedia, status: MediaStatus, reason: str) -> bool:
    """End the file's life once: False if it had already ended."""
    return bool(
        TelegramMedia.objects.filter(pk=media.pk, status=MediaStatus.PENDING).update(
            status=status, reason=reason[:64], done_at=clock.now()
        )
    )


def telegram_media_sweep(*, budget: float = SWEEP_BUDGET_SECONDS) -> int:
    """Retry the files still pending whose last claim is over (a download that failed for a
    while, a worker that died, a fetch never enqueued). Returns how many were tried.

    The sweep shares the worker with the SLA jobs: it stops after ``budget`` seconds, and at
    the first file Telegram could not hand over (when one fails for that, the next would
    wait for the same timeout); the rest waits for the next sweep."""
    due = list(
        TelegramMedia.objects.filter(status=MediaStatus.PENDING)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=clock.now() - CLAIM_TIMEOUT))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:100]
    )
    deadline = time.monotonic() + budget
    tried = 0
    for media_id in due:
        tried += 1
        if telegram_media_fetch(media_id) == MediaStatus.PENDING or time.monotonic() > deadline:
            break
    return tried
