"""Telegram in: webhook updates open or continue the chat's ticket; the bot answers through
the outbox (sendMessage), warns at once about secrets and never asks for one."""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from kefu.channels.conf import PRIVATE_LINK
from kefu.channels.models import InboundSeen, TelegramBot
from kefu.channels.services.antiphishing import anti_phishing_code_set
from kefu.channels.services.conversations import conversation_message
from kefu.channels.services.outbox import outbox_enqueue
from kefu.channels.services.telegram_media import SentMedia, media_of, telegram_media_record
from kefu.channels.texts import lang_of, text
from kefu.common import clock
from kefu.common.errors import Invalid, NotFound
from kefu.platforms.models import Platform
from kefu.tickets.models import Channel

log = logging.getLogger("kefu.telegram")
NOT_FOUND = "Nothing here."


@dataclass(frozen=True)
class TelegramOutcome:
    status: str  # opened | replied | start | code_set | ignored | duplicate
    reference: str | None = None


def telegram_bot_create(*, platform: Platform, token: str) -> TelegramBot:
    """Configure a platform's bot with fresh webhook secrets (set them with setWebhook)."""
    bot, _created = TelegramBot.objects.update_or_create(
        platform=platform,
        defaults={
            "token": token,
            "path_secret": secrets.token_urlsafe(24),
            "header_secret": secrets.token_urlsafe(48),
            "is_active": True,
        },
    )
    return bot


def telegram_bot_for_webhook(
    *, platform_slug: str, path_secret: str, header: str | None
) -> TelegramBot:
    """The bot if both the path secret and the secret-token header match; else NotFound (the
    same answer for a wrong platform, path or header, so none of them can be probed)."""
    bot = (
        TelegramBot.objects.select_related("platform")
        .filter(platform__slug=platform_slug, platform__is_active=True, is_active=True)
        .first()
    )
    path_ok = bot is not None and hmac.compare_digest(bot.path_secret, path_secret)
    header_ok = (
        bot is not None and bool(header) and hmac.compare_digest(bot.header_secret, header or "")
    )
    if bot is None or not (path_ok and header_ok):
        raise NotFound(NOT_FOUND)
    return bot


def _say(
    bot: TelegramBot,
    chat_id: str,
    body: str,
    *,
    key: str,
    language: str,
    ticket_id: int | None = None,
    token_scope: str = "",
) -> None:
    outbox_enqueue(
        platform_id=bot.platform_id,
        ticket_id=ticket_id,
        recipient=chat_id,
        subject="telegram",
        body=body,
        idempotency_key=f"tg:{bot.platform_id}:{key}",
        channel=Channel.TELEGRAM,
        language=language,
        headers={"token_scope": token_scope} if token_scope else None,
    )


def _start_text(platform: Platform, language: str) -> str:
    channels = [f"• {c.label or c.get_kind_display()}: {c.value}" for c in platform.channels.all()]
    with override(language):
        name = platform.name
    return text("tg_start", language, platform=name, channels="\n".join(channels) or "—")


def _warning_text(warnings: list[str], language: str) -> str:
    return "\n\n".join(
        [text("secret_warning_title", language), *warnings, text("safety", language)]
    )


def telegram_handle_update(*, bot: TelegramBot, update: dict[str, Any]) -> TelegramOutcome:
    update_id = update.get("update_id")
    if not isinstance(update_id, int):
        raise Invalid(_("Not a Telegram update."))
    message = update.get("message")
    if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
        return TelegramOutcome("ignored")  # edits, channel posts, callbacks: not ours
    chat = message["chat"]
    if chat.get("type", "private") != "private" or not isinstance(chat.get("id"), int):
        return TelegramOutcome("ignored")  # groups would leak one user's ticket to the others
    chat_id = str(chat["id"])
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    language = lang_of(str(sender.get("language_code") or "zh-hans"))
    body = message.get("text") or message.get("caption") or ""
    media = media_of(message)
    platform = bot.platform
    try:
        with transaction.atomic():
            with transaction.atomic():
                InboundSeen.objects.create(
                    platform=platform, kind="tg_update", key=str(update_id), seen_at=clock.now()
                )
            return _handle(bot, platform, chat_id, sender, str(body), media, language, update_id)
    except IntegrityError:
        if InboundSeen.objects.filter(
            platform=platform, kind="tg_update", key=str(update_id)
        ).exists():
            return TelegramOutcome("duplicate")
        raise


def _handle(
    bot: TelegramBot,
    platform: Platform,
    chat_id: str,
    sender: dict[str, Any],
    body: str,
    media: list[SentMedia],
    language: str,
    update_id: int,
) -> TelegramOutcome:
    key = f"u{update_id}"
    if media and not body.strip():
        body = text("tg_media_only", language)  # a screenshot alone is a message too
    command = body.strip().split(maxsplit=1)
    if not body.strip():
        _say(bot, chat_id, text("tg_unsupported", language), key=key, language=language)
        return TelegramOutcome("ignored")
    if command[0].split("@")[0] == "/start":
        _say(bot, chat_id, _start_text(platform, language), key=key, language=language)
        return TelegramOutcome("start")
    if command[0].split("@")[0] == "/code":
        try:
            anti_phishing_code_set(
                channel=Channel.TELEGRAM,
                address=chat_id,
                code=command[1] if len(command) > 1 else "",
            )
        except Invalid:
            _say(bot, chat_id, text("tg_code_invalid", language), key=key, language=language)
            return TelegramOutcome("ignored")
        _say(bot, chat_id, text("tg_code_set", language), key=key, language=language)
        return TelegramOutcome("code_set")
    username = str(sender.get("username") or "")
    contact = {"telegram": f"@{username}" if username else chat_id}
    if sender.get("first_name"):
        contact["name"] = str(sender["first_name"])[:60]
    result = conversation_message(
        platform=platform,
        channel=Channel.TELEGRAM,
        address=chat_id,
        text=body,
        contact=contact,
        language=language,
        fallback_subject=f"Telegram · {contact.get('name') or contact['telegram']}",
        token_scope=f"telegram:{platform.pk}:{update_id}",
    )
    ticket = result.ticket
    if media:
        telegram_media_record(ticket=ticket, chat_id=chat_id, language=language, media=media)
    if result.warnings:
        # At once, before anything else: the secret is gone from Kefu, but not from the chat.
        _say(
            bot,
            chat_id,
            _warning_text(result.warnings, language),
            key=f"{key}:warn",
            language=language,
            ticket_id=ticket.pk,
        )
    if result.opened:
        _say(
            bot,
            chat_id,
            text("tg_opened", language, reference=ticket.reference, private_link=PRIVATE_LINK),
            key=f"{key}:opened",
            language=language,
            ticket_id=ticket.pk,
            token_scope=f"telegram:{platform.pk}:{update_id}",
        )
    log.info(
        "telegram.message platform=%s ticket=%s opened=%s",
        platform.slug,
        ticket.reference,
        result.opened,
    )
    return TelegramOutcome("opened" if result.opened else "replied", ticket.reference)
