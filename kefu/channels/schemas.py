"""Channel API schemas: shape validation only."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class WebhookSender(Schema):
    id: str = Field(min_length=1, max_length=128)
    name: str = Field(default="", max_length=120)


class WebhookMessageIn(Schema):
    sender: WebhookSender
    text: str = Field(min_length=1, max_length=20_000)
    conversation_id: str = Field(min_length=1, max_length=128)
    message_id: str = Field(min_length=1, max_length=128)
    language: str = Field(default="zh-hans", max_length=10)


class WebhookMessageOut(Schema):
    status: str
    reference: str | None
    access_token: str | None = None
    redactions: list[dict[str, Any]]
    warnings: list[str]


class TelegramOut(Schema):
    ok: bool
    status: str


class AntiPhishingIn(Schema):
    reference: str = Field(min_length=1, max_length=20)
    code: str = Field(min_length=1, max_length=40)


class AntiPhishingAddress(Schema):
    channel: str
    address: str


class AntiPhishingOut(Schema):
    reference: str
    protected: list[AntiPhishingAddress]
