"""Webhooks in: a signed message from a platform's DM bridge opens or continues a ticket.

`X-Kefu-Signature: t=<unix>,v1=<hex>` = HMAC-SHA256(secret, t + "." + body). A timestamp
more than 5 minutes off is refused; a signature already seen is refused as a replay; a
message_id already seen is answered as a duplicate (the bridge may retry at will).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kefu.channels import signing
from kefu.channels.models import ChannelThread, InboundSeen, InboundWebhook
from kefu.channels.services.conversations import conversation_message
from kefu.common import clock
from kefu.common.errors import DomainError, ErrorCode, Forbidden, NotFound
from kefu.platforms.models import Platform
from kefu.tickets.models import Channel

log = logging.getLogger("kefu.webhooks")


class SignatureRefused(Forbidden):
    """Missing, malformed, forged or stale signature."""


class Replayed(DomainError):
    code = ErrorCode.CONFLICT


@dataclass(frozen=True)
class InboundMessage:
    sender_id: str
    sender_name: str
    text: str
    conversation_id: str
    message_id: str
    language: str = "zh-hans"


@dataclass(frozen=True)
class InboundResult:
    status: str  # opened | replied | duplicate
    reference: str | None
    access_token: str | None
    redactions: list[dict[str, object]]
    warnings: list[str]


def inbound_webhook_create(*, platform: Platform) -> InboundWebhook:
    hook, _created = InboundWebhook.objects.update_or_create(
        platform=platform, defaults={"secret": secrets.token_urlsafe(32), "is_active": True}
    )
    return hook


def _verify(platform_slug: str, header: str | None, body: bytes) -> tuple[InboundWebhook, str]:
    hook = (
        InboundWebhook.objects.select_related("platform")
        .filter(platform__slug=platform_slug, platform__is_active=True, is_active=True)
        .first()
    )
    if hook is None:
        raise NotFound(_("Nothing here."))
    try:
        verified = signing.verify(hook.secret, header or "", body, now=int(clock.now().timestamp()))
    except signing.SignatureError as exc:
        raise SignatureRefused(
            {
                "malformed": _("Sign the request: X-Kefu-Signature: t=<unix time>,v1=<hex>."),
                "stale": _("The signature timestamp is outside the 5-minute window."),
                "forged": _("The signature does not match the body."),
            }[exc.reason]
        ) from None
    return hook, verified.signature


def webhook_message_receive(
    *, platform_slug: str, signature: str | None, body: bytes, message: InboundMessage
) -> InboundResult:
    hook, seen_signature = _verify(platform_slug, signature, body)
    platform = hook.platform
    now = clock.now()
    try:
        with transaction.atomic():
            with transaction.atomic():
                InboundSeen.objects.create(
                    platform=platform,
                    kind="wh_signature",
                    key=seen_signature,
                    seen_at=now,
                )
            return _receive(platform, message, now)
    except IntegrityError:
        if InboundSeen.objects.filter(
            platform=platform, kind="wh_signature", key=seen_signature
        ).exists():
            raise Replayed(
                _("This signed request was already received (replay refused).")
            ) from None
        raise


def _receive(platform: Platform, message: InboundMessage, now: datetime) -> InboundResult:
    try:
        with transaction.atomic():
            InboundSeen.objects.create(
                platform=platform, kind="wh_message", key=message.message_id[:128], seen_at=now
            )
    except IntegrityError:
        thread = (
            ChannelThread.objects.select_related("ticket")
            .filter(platform=platform, channel=Channel.WEBHOOK, address=message.conversation_id)
            .order_by("-created_at")
            .first()
        )
        reference = thread.ticket.reference if thread else None
        return InboundResult("duplicate", reference, None, [], [])
    contact = {"name": message.sender_name[:60]} if message.sender_name else {}
    result = conversation_message(
        platform=platform,
        channel=Channel.WEBHOOK,
        address=message.conversation_id[:128],
        text=message.text,
        contact=contact,
        language=message.language,
        fallback_subject=f"DM · {message.sender_name[:60] or message.sender_id[:60]}",
        token_scope=f"webhook:{platform.pk}:{message.message_id[:128]}",
    )
    log.info(
        "webhook.message platform=%s ticket=%s opened=%s",
        platform.slug,
        result.ticket.reference,
        result.opened,
    )
    return InboundResult(
        "opened" if result.opened else "replied",
        result.ticket.reference,
        result.access_token,
        result.redactions,
        result.warnings,
    )
