"""POST /api/v1/verify: one step to tell a real support channel from a fake, and why."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kefu.accounts.actors import ANONYMOUS, Actor
from kefu.accounts.models import Membership, User
from kefu.platforms import services
from kefu.platforms.models import Platform
from tests.conftest import Api

pytestmark = pytest.mark.django_db


def test_an_official_domain_is_official_with_the_platforms_real_channels(
    anon_api: Api, bitpie: Platform
) -> None:
    response = anon_api.post("/verify", {"value": "https://www.bitpie.com/download"})

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "official"
    assert body["platform"] == "bitpie"
    assert body["platform_name"] == "比特派"
    assert body["channel_kind"] == "website"
    assert body["matched"] == "bitpie.com"
    assert body["reasons"] == ["bitpie.com 属于比特派的官方域名 bitpie.com。"]
    assert {"kind": "telegram", "value": "@bitpie_official", "label": ""} in body[
        "official_channels"
    ]
    assert len(body["official_channels"]) == 4


def test_a_look_alike_domain_is_an_impersonation_with_the_reason_in_chinese(
    anon_api: Api, bitpie: Platform
) -> None:
    body = anon_api.post("/verify", {"value": "b1tpie.com"}).json()

    assert body["status"] == "impersonation"
    assert body["platform"] == "bitpie"
    assert body["matched"] == "bitpie.com"
    assert body["techniques"] == ["homoglyph"]
    assert body["reasons"][0] == "此域名模仿 bitpie.com：字母 i 被替换为数字 1。"


def test_accept_language_en_gives_the_reasons_in_english(
    english_api: Api, bitpie: Platform
) -> None:
    body = english_api.post("/verify", {"value": "b1tpie.com"}).json()

    assert body["status"] == "impersonation"
    assert body["platform_name"] == "Bitpie"
    assert body["reasons"][0] == (
        "This domain imitates bitpie.com: the letter i was replaced by the digit 1."
    )


def test_a_confirmed_scam_channel_is_reported(
    anon_api: Api, bitpie: Platform, moderator: User, as_actor: Callable[[User], Actor]
) -> None:
    submitted = services.scam_report_submit(
        actor=ANONYMOUS,
        client="203.0.113.7",
        value="bitpie-refund.com",
        kind="website",
        platform="bitpie",
    )
    services.scam_report_confirm(actor=as_actor(moderator), report=submitted.report)

    body = anon_api.post("/verify", {"value": "https://bitpie-refund.com/claim"}).json()

    assert body["status"] == "reported"
    assert body["platform"] == "bitpie"
    assert body["reasons"] == ["已被确认为冒充比特派的诈骗渠道。"]


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        (
            "zh-hans",
            "此域名不在官方渠道登记中。这不代表它安全：请只通过平台官方网站或 App 联系客服。",
        ),
        (
            "en",
            "This domain is not in the registry of official channels. That does not make it "
            "safe: contact support only through the platform's official website or app.",
        ),
    ],
)
def test_an_unlisted_domain_is_unknown_and_not_called_safe(
    anon_api: Api, bitpie: Platform, language: str, reason: str
) -> None:
    response = anon_api.post(
        "/verify", {"value": "example.org"}, headers={"Accept-Language": language}
    )

    assert response.json() == {
        "status": "unknown",
        "platform": None,
        "platform_name": None,
        "channel_kind": "website",
        "matched": None,
        "reasons": [reason],
        "normalized": "example.org",
        "techniques": [],
        "official_channels": [],
    }


def test_an_empty_value_is_a_field_error(anon_api: Api, db: None) -> None:
    response = anon_api.post("/verify", {"value": ""})

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["value"]


def test_a_missing_value_is_a_field_error(anon_api: Api, db: None) -> None:
    response = anon_api.post("/verify", {"text": "bitpie.com"})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["value"]


def test_a_new_channel_is_seen_by_the_next_verify(
    anon_api: Api,
    bitpie: Platform,
    bitpie_admin: Membership,
    as_actor: Callable[[User], Actor],
) -> None:
    assert anon_api.post("/verify", {"value": "@BitpieHelpDesk"}).json()["status"] != "official"
    services.channel_add(
        actor=as_actor(bitpie_admin.user),
        platform=bitpie,
        kind="telegram",
        value="@BitpieHelpDesk",
        source="https://bitpie.com/support",
    )

    body = anon_api.post("/verify", {"value": "t.me/BitpieHelpDesk"}).json()

    assert body["status"] == "official"
    assert body["channel_kind"] == "telegram"


def test_verify_costs_one_query_and_does_not_rebuild_the_registry(
    anon_api: Api, bitpie: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    anon_api.post("/verify", {"value": "bitpie.com"})  # the first call compiles the registry
    from kefu.platforms import registry

    def refuse() -> None:
        raise AssertionError("the registry was rebuilt")

    monkeypatch.setattr(registry, "registry_records", refuse)

    with CaptureQueriesContext(connection) as queries:
        for value in ["bitpie.com", "b1tpie.com", "@bitpie_official", "example.org", "+86 400"]:
            assert anon_api.post("/verify", {"value": value}).status_code == 200

    assert len(queries) == 5
