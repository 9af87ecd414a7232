"""Small public endpoints: health and the shield's live preview."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from kefu import shield
from kefu.common.clients import client_address
from kefu.common.ratelimit import hit

router = Router(tags=["public"])


class HealthOut(Schema):
    status: str
    database: str


@router.get("/health", response=HealthOut, summary="Liveness and database check")
def health(request: HttpRequest) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor}


class PreviewIn(Schema):
    text: str = Field(max_length=20_000)
    role: str = "requester"


@router.post("/shield/preview", summary="What the shield would hide and flag in a text")
def shield_preview(request: HttpRequest, payload: PreviewIn) -> dict[str, Any]:
    client = client_address(request)
    hit(
        f"preview:{client}",
        limit=600,
        window_seconds=60,
        message="Too many previews; slow down a little.",
    )
    return shield.preview(payload.text)
