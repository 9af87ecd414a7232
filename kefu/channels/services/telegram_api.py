"""The Telegram Bot API client (sendMessage, getFile and file downloads). The bot token is part
of every URL, so neither a URL nor an exception that carries it is ever logged or stored."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from kefu.channels.conf import telegram_api_base
from kefu.channels.models import OutboxMessage, TelegramBot
from kefu.channels.services.antiphishing import code_for
from kefu.channels.services.links import with_private_link
from kefu.channels.services.outbox import DeliveryRefused
from kefu.channels.texts import text
from kefu.tickets.models import Channel

MAX_TEXT = 4096
PERMANENT = {400, 401, 403, 404}


def _fetch(request: urllib.request.Request | str, *, timeout: float, limit: int = -1) -> bytes:
    """The body of one Bot API request. Raises ``DeliveryRefused`` when Telegram refuses for
    good (400/401/403/404), ``OSError`` when it may work later; never with the URL (it holds
    the token)."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data: bytes = response.read(limit)
            return data
    except urllib.error.HTTPError as exc:
        status = exc.code
        exc.close()
        if status in PERMANENT:
            raise DeliveryRefused(f"telegram_http_{status}") from None
        raise OSError(f"telegram_http_{status}") from None
    except (urllib.error.URLError, TimeoutError, ValueError, http.client.HTTPException):
        # HTTPException: a connection cut mid-body (IncompleteRead) is worth another try.
        raise OSError("telegram_unreachable") from None


def bot_api_call(token: str, method: str, payload: dict[str, Any], *, timeout: float = 10) -> Any:
    request = urllib.request.Request(  # noqa: S310 - the base URL is an operator setting
        f"{telegram_api_base()}/bot{token}/{method}",
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    body = _fetch(request, timeout=timeout)
    try:
        return json.loads(body or b"{}")
    except ValueError:
        raise OSError("telegram_unreachable") from None


def with_code(body: str, *, chat_id: str, language: str) -> str:
    code = code_for(channel=Channel.TELEGRAM, address=chat_id)
    if not code:
        return body
    return f"🔐 {text('code_line', language, code=code)}\n\n{body}"


def send_outbox_telegram(message: OutboxMessage) -> None:
    bot = TelegramBot.objects.filter(platform_id=message.platform_id, is_active=True).first()
    if bot is None:
        raise DeliveryRefused("no_telegram_bot")
    body = with_code(
        with_private_link(message), chat_id=message.recipient, language=message.language
    )
    chat: int | str = (
        int(message.recipient) if message.recipient.lstrip("-").isdigit() else message.recipient
    )
    bot_api_call(
        bot.token,
        "sendMessage",
        {"chat_id": chat, "text": body[:MAX_TEXT], "disable_web_page_preview": True},
    )


def bot_file_download(token: str, file_id: str, *, limit: int, timeout: float = 20) -> bytes:
    """A file a user sent the bot: ``getFile`` for its path, then the download (the Bot API
    serves files up to 20 MB). Raises ``DeliveryRefused`` when Telegram refuses for good or
    the file is over ``limit`` bytes, ``OSError`` when it may work later."""
    answer = bot_api_call(token, "getFile", {"file_id": file_id}, timeout=10)
    result = answer.get("result") if isinstance(answer, dict) else None
    path = result.get("file_path") if isinstance(result, dict) else None
    if not isinstance(path, str) or not path or not answer.get("ok"):
        raise DeliveryRefused("telegram_no_file_path")
    if isinstance(result.get("file_size"), int) and result["file_size"] > limit:
        raise DeliveryRefused("too_large")
    url = f"{telegram_api_base()}/file/bot{token}/{urllib.parse.quote(path)}"
    data = _fetch(url, timeout=timeout, limit=limit + 1)
    if len(data) > limit:
        raise DeliveryRefused("too_large")
    return data
