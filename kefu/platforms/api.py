from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kefu.platforms import selectors

router = Router(tags=["platforms"])


class PlatformOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    description: str
    scorecard: dict[str, Any]


class PlatformListOut(Schema):
    items: list[PlatformOut]


class ChannelOut(Schema):
    kind: str
    value: str
    label: str


class ChannelListOut(Schema):
    items: list[ChannelOut]


@router.get("/platforms", response=PlatformListOut, summary="Platforms served here")
def list_platforms(request: HttpRequest) -> dict[str, Any]:
    return {
        "items": [
            {
                "slug": p.slug,
                "name": p.name,
                "names": p.names,
                "description": p.description,
                "scorecard": {},
            }
            for p in selectors.platform_list()
        ]
    }


@router.get(
    "/platforms/{slug}/channels",
    response=ChannelListOut,
    summary="A platform's official support channels",
)
def list_channels(request: HttpRequest, slug: str) -> dict[str, Any]:
    platform = selectors.platform_get(slug=slug)
    return {
        "items": [
            {"kind": c.kind, "value": c.value, "label": c.label} for c in platform.channels.all()
        ]
    }
