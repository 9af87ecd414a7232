"""Channel endpoints: parse → verify/fetch → service → shape. Mounted at /api/v1/ (the paths
carry their own `channels/` prefix, beside `/anti-phishing-code`)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router

from kefu.channels.schemas import (
    AntiPhishingIn,
    AntiPhishingOut,
    TelegramOut,
    WebhookMessageIn,
    WebhookMessageOut,
)
from kefu.channels.services import antiphishing, telegram, webhooks_in
from kefu.common.errors import Invalid, NotFound
from kefu.config.api import actor_from_request
from kefu.tickets import permissions, selectors

router = Router(tags=["channels"])


@router.post(
    "/channels/telegram/{platform}/{secret}",
    response=TelegramOut,
    summary="Telegram Bot API webhook (needs X-Telegram-Bot-Api-Secret-Token)",
)
def telegram_webhook(request: HttpRequest, platform: str, secret: str) -> dict[str, Any]:
    bot = telegram.telegram_bot_for_webhook(
        platform_slug=platform,
        path_secret=secret,
        header=request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
    )
    try:
        update = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise Invalid("The body is not JSON.") from None
    if not isinstance(update, dict):
        raise Invalid("The body is not a Telegram Update.")
    outcome = telegram.telegram_handle_update(bot=bot, update=update)
    return {"ok": True, "status": outcome.status}


@router.post(
    "/channels/webhook/{platform}",
    response=WebhookMessageOut,
    summary="A signed inbound message from a DM bridge (X-Kefu-Signature: t=…,v1=…)",
)
def webhook_inbound(
    request: HttpRequest, platform: str, payload: WebhookMessageIn
) -> dict[str, Any]:
    result = webhooks_in.webhook_message_receive(
        platform_slug=platform,
        signature=request.headers.get("X-Kefu-Signature"),
        body=request.body,
        message=webhooks_in.InboundMessage(
            sender_id=payload.sender.id,
            sender_name=payload.sender.name,
            text=payload.text,
            conversation_id=payload.conversation_id,
            message_id=payload.message_id,
            language=payload.language,
        ),
    )
    return {
        "status": result.status,
        "reference": result.reference,
        "access_token": result.access_token,
        "redactions": result.redactions,
        "warnings": result.warnings,
    }


@router.post(
    "/anti-phishing-code",
    response=AntiPhishingOut,
    summary="Set the requester's anti-phishing code word (X-Access-Token of a ticket)",
)
def anti_phishing_code(request: HttpRequest, payload: AntiPhishingIn) -> dict[str, Any]:
    ticket = selectors.ticket_get_for_actor(
        actor=actor_from_request(request),
        reference=payload.reference,
        access_token=request.headers.get("X-Access-Token"),
    )
    actor = selectors.actor_for_ticket(ticket, actor_from_request(request))
    if not permissions.is_requester(actor, ticket):
        # Staff may see the ticket, but the code word is the requester's own choice.
        raise NotFound(selectors.NOT_FOUND)
    addresses = antiphishing.anti_phishing_code_set_for_ticket(ticket=ticket, code=payload.code)
    return {
        "reference": ticket.reference,
        "protected": [
            {"channel": channel, "address": antiphishing.mask_address(channel, address)}
            for channel, address in addresses
        ],
    }
