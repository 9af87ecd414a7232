"""Webhooks out: signed POSTs of ticket events, at least once, retried with backoff.

Each delivery is claimed with a conditional UPDATE (pending → sending), so two workers never
send the same row at once; a receiver must still deduplicate by `X-Kefu-Event-Id`.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kefu.channels import netguard, signing
from kefu.channels.conf import webhook_allow_private
from kefu.channels.models import (
    DeliveryStatus,
    InboundSeen,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from kefu.common import clock
from kefu.common.errors import FieldError, Invalid
from kefu.platforms.models import Platform

log = logging.getLogger("kefu.webhooks")
MAX_ATTEMPTS = 10
BASE_DELAY_SECONDS = 30
MAX_DELAY = timedelta(hours=6)
CLAIM_TIMEOUT = timedelta(minutes=5)
SEEN_RETENTION = timedelta(days=1)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min … capped at 6 h (after `attempts` failed tries)."""
    return min(timedelta(seconds=BASE_DELAY_SECONDS * 2 ** max(attempts - 1, 0)), MAX_DELAY)


def webhook_subscription_create(
    *, platform: Platform, url: str, events: list[str]
) -> WebhookSubscription:
    """Subscribe a URL; the returned row's secret is shown to the platform admin once."""
    errors = [
        FieldError(f"events[{i}]", _("Unknown event."))
        for i, event in enumerate(events)
        if event not in WebhookEvent.values and event != "*"
    ]
    if not events:
        errors.append(FieldError("events", _("Choose at least one event.")))
    try:
        netguard.resolve_target(url, allow_loopback=webhook_allow_private())
    except netguard.TargetRefused as exc:
        errors.append(
            FieldError("url", _("This URL cannot be called (%(why)s).") % {"why": exc.reason})
        )
    if errors:
        raise Invalid(_("Some fields need your attention."), errors=errors)
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            platform=platform,
            url=url,
            secret=secrets.token_urlsafe(32),
            events=sorted(set(events)),
        )
        # A flag on the platform row (loaded with every ticket anyway) lets events skip the
        # subscription query for the many platforms that never subscribe.
        locked = Platform.objects.select_for_update().get(pk=platform.pk)
        if not locked.settings.get("webhooks"):
            locked.settings = {**locked.settings, "webhooks": True}
            locked.save(update_fields=["settings"])
            platform.settings = locked.settings
    return subscription


def _fail(delivery: WebhookDelivery, *, error: str, status_code: int | None, final: bool) -> None:
    now = clock.now()
    give_up = final or delivery.attempts >= MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if give_up else DeliveryStatus.PENDING,
        next_attempt_at=now + backoff(delivery.attempts),
        last_status_code=status_code,
        last_error=error[:255],
    )
    log.warning(
        "webhook.failed delivery=%s event=%s attempts=%s error=%s status=%s final=%s",
        delivery.pk,
        delivery.event,
        delivery.attempts,
        error,
        status_code,
        give_up,
    )


def webhook_deliver(*, delivery_id: int) -> bool:
    """Claim and POST one delivery; safe to run twice or from two workers at once."""
    now = clock.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    if not subscription.is_active:
        _fail(delivery, error="subscription_inactive", status_code=None, final=True)
        return False
    try:
        target = netguard.resolve_target(subscription.url, allow_loopback=webhook_allow_private())
    except netguard.TargetRefused as exc:
        # DNS may recover; a private address is policy and will not.
        _fail(delivery, error=f"refused_{exc.reason}", status_code=None, final=exc.reason != "dns")
        return False
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(clock.now().timestamp())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Kefu-Webhooks/1",
        "X-Kefu-Event": delivery.event,
        "X-Kefu-Event-Id": str(delivery.event_id),
        "X-Kefu-Delivery-Attempt": str(delivery.attempts),
        "X-Kefu-Signature": signing.signature_header(subscription.secret, timestamp, body),
    }
    try:
        response = netguard.post(target, body, headers)
    except OSError as exc:
        _fail(delivery, error=type(exc).__name__, status_code=None, final=False)
        return False
    if not 200 <= response.status < 300:
        _fail(delivery, error="http_status", status_code=response.status, final=False)
        return False
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.DELIVERED,
        delivered_at=clock.now(),
        last_status_code=response.status,
        last_error="",
    )
    log.info("webhook.delivered delivery=%s event=%s", delivery.pk, delivery.event)
    return True


def webhook_drain(*, limit: int = 100) -> int:
    ids = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=clock.now()
        )
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(1 for delivery_id in ids if webhook_deliver(delivery_id=delivery_id))


def webhook_release_stale() -> int:
    now = clock.now()
    released = WebhookDelivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    ).update(status=DeliveryStatus.PENDING)
    # Replay protection needs ids only for the 5-minute window; keep a day, then forget.
    InboundSeen.objects.filter(seen_at__lt=now - SEEN_RETENTION).delete()
    return released
