from __future__ import annotations

from datetime import datetime
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


class CollectiveOut(Schema):
    code: str
    title: str
    incident: str
    members: int
    claimed: dict[str, str]
    created_at: datetime


class CollectiveListOut(Schema):
    items: list[CollectiveOut]


@router.get(
    "/platforms/{slug}/collectives",
    response=CollectiveListOut,
    summary="Open collective complaints (集体投诉) users can join",
)
def list_collectives(request: HttpRequest, slug: str) -> dict[str, Any]:
    from kefu.tickets.selectors import collectives_open

    selectors.platform_get(slug=slug)
    return {"items": collectives_open(platform_slug=slug)}
