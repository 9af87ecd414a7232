"""Fixed-window counters in the shared cache (works across processes and machines)."""

from django.core.cache import cache

from kefu.common.errors import RateLimited


def hit(bucket: str, *, limit: int, window_seconds: int, message: str) -> None:
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
