"""Channel settings, read at call time (tests override them with pytest-django's `settings`)."""

from __future__ import annotations

import os

from django.conf import settings

TRUE = {"1", "true", "yes", "on"}


def telegram_api_base() -> str:
    default = os.environ.get("KEFU_TELEGRAM_API_BASE", "https://api.telegram.org")
    return str(getattr(settings, "KEFU_TELEGRAM_API_BASE", default)).rstrip("/")


def webhook_allow_private() -> bool:
    default = os.environ.get("KEFU_WEBHOOK_ALLOW_PRIVATE", "0")
    return str(getattr(settings, "KEFU_WEBHOOK_ALLOW_PRIVATE", default)).strip().lower() in TRUE


def mail_domain() -> str:
    return str(settings.KEFU_MAIL_DOMAIN).lower()


def mail_rate_limit() -> int:
    """Mails per sender and hour that still get an acknowledgement."""
    return int(
        getattr(settings, "KEFU_MAIL_ACK_PER_HOUR", os.environ.get("KEFU_MAIL_ACK_PER_HOUR", "20"))
    )


def private_link(reference: str, access_token: str) -> str:
    return f"{settings.KEFU_BASE_URL}/track/{reference}/?token={access_token}"


def tracking_link(reference: str) -> str:
    return f"{settings.KEFU_BASE_URL}/track/{reference}/"


# Stands in for the private tracking link in a stored notice; the worker fills it in at send
# time from the HMAC-derived access token, so no access token is ever stored (ADR 0003).
PRIVATE_LINK = "\u27e6private-link\u27e7"
