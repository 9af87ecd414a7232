from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from kefu.accounts.models import User
from kefu.platforms.models import Platform
from tests.factories import OfficialChannelFactory

SEED_PHRASE = "abandon ability able about above absent absorb abstract absurd abuse access accident"


def tiny_png() -> bytes:
    """A valid 1×1 PNG, written by hand so the tests need no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def sign_in(client: Client, user: User) -> Client:
    """Log a user in. Reloads it first: UserFactory sets a password it never saves, so the
    session hash of the in-memory user would not match the stored one."""
    client.force_login(User.objects.get(pk=user.pk))
    return client


@pytest.fixture
def channels(platform: Platform) -> None:
    OfficialChannelFactory(platform=platform, kind="website", value="acme-wallet.example")
    OfficialChannelFactory(platform=platform, kind="telegram", value="@AcmeSupport")


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def complaint_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "complaint",
        "category": "slow_response",
        "subject": "提现三天没有到账",
        "body": "我在 11 月 20 日提现 500 USDT，到现在还没有到账，客服也不回复。",
        "desired_outcomes": ["explanation", "fix"],
        "claim_amount": "500",
        "claim_currency": "usdt",
        "incident_at": "2024-11-20T09:30",
        "staff_name": "小王",
        "staff_employee_id": "BP1024",
        "contact_email": "user@example.com",
        "contact_phone": "",
        "chain-TOTAL_FORMS": "3",
        "chain-INITIAL_FORMS": "0",
        "chain-MIN_NUM_FORMS": "0",
        "chain-MAX_NUM_FORMS": "10",
    }
    for index in range(3):
        data[f"chain-{index}-chain"] = ""
        data[f"chain-{index}-ref_kind"] = "txid"
        data[f"chain-{index}-value"] = ""
    data.update(overrides)
    return data


@pytest.fixture
def tracked(client: Client, open_ticket: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """A ticket opened through the API whose token this test client has proven."""
    opened = open_ticket()
    response = client.get(f"/track/{opened['reference']}/", {"token": opened["access_token"]})
    assert response.status_code == 302
    return opened
