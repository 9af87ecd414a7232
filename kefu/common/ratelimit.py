"""Fixed-window counters in a cache: the shared one by default (works across processes and machines)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kefu.common.clients import client_bucket
from kefu.common.errors import RateLimited

if TYPE_CHECKING:
    from kefu.accounts.actors import Actor


def hit(
    bucket: str, *, limit: int, window_seconds: int, message: str, using: str = "default"
) -> None:
    cache = caches[using]
    key = f"rl:{bucket}"
    if cache.add(key, 1, timeout=window_seconds):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window expired between add() and incr()
            cache.add(key, 1, timeout=window_seconds)
            count = 1
    if count > limit:
        raise RateLimited(message)


def limit_intake(request: HttpRequest, actor: Actor) -> None:
    """At most KEFU_INTAKE_PER_CLIENT tickets per window from one client address, through the
    portal or the API without a staff token: a flood of fake complaints must not bury the
    real ones (nor fill the database). Staff (platform integrations) are not limited."""
    limit = settings.KEFU_INTAKE_PER_CLIENT
    if limit <= 0 or actor.is_staff:
        return
    hit(
        f"intake:{client_bucket(request)}",
        limit=limit,
        window_seconds=settings.KEFU_INTAKE_WINDOW_SECONDS,
        message=_(
            "Too many complaints from your network in a short time; please wait a few minutes and try again."
        ),
        using=settings.KEFU_INTAKE_LIMIT_CACHE,
    )
