from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from kefu.common.errors import NotFound
from kefu.platforms.models import OfficialChannel, Platform


def platform_list() -> QuerySet[Platform]:
    return Platform.objects.filter(is_active=True).order_by("slug")


def platform_get(*, slug: str) -> Platform:
    platform = (
        Platform.objects.filter(slug=slug, is_active=True)
        .prefetch_related(
            Prefetch("channels", queryset=OfficialChannel.objects.order_by("kind", "id"))
        )
        .first()
    )
    if platform is None:
        raise NotFound("No platform with this name.")
    return platform
