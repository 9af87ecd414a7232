"""Registry construction, export, the shipped data file, and no network at run time."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

import kefu
from kefu.verify import ChannelRecord, PlatformRecord, Registry, ReportedRecord, Status

from .corpus import FIXTURE, all_cases

SHIPPED = Path(kefu.__file__).parent / "data" / "registry.json"


def test_from_records_accepts_dataclasses() -> None:
    reg = Registry.from_records(
        platforms=[
            PlatformRecord(
                "acme", "Acme", {"en": "Acme"}, [ChannelRecord("website", "acme-wallet.com")]
            )
        ],
        reported=[ReportedRecord("website", "acme-wallet-help.com", "acme")],
    )
    assert reg.check("acme-wallet.com").status == Status.OFFICIAL
    assert reg.check("acme-wallet-help.com").status == Status.REPORTED


def test_from_records_accepts_plain_dicts() -> None:
    reg = Registry.from_records(
        platforms=[{"slug": "acme", "name": "Acme", "names": {}, "channels": [
            {"kind": "telegram", "value": "@acme_support_official"}]}],
        reported=[{"kind": "phone", "value": "+86 138 0000 0000", "platform": None}],
    )  # fmt: skip
    assert reg.check("t.me/acme_support_official").status == Status.OFFICIAL
    assert reg.check("13800000000").status == Status.REPORTED


def test_to_json_round_trips() -> None:
    reg = Registry.load(FIXTURE)
    again = Registry.from_json(json.loads(json.dumps(reg.to_json())))
    assert again.to_json() == reg.to_json()
    assert again.check("b1tpie.com") == reg.check("b1tpie.com")


class _NoScan(dict):  # type: ignore[type-arg]
    """A dict that may be probed by key but never iterated."""

    def _boom(self, *_a: object) -> None:
        raise AssertionError("a check must not scan the registry")

    __iter__ = keys = values = items = _boom  # type: ignore[assignment]


def test_checks_probe_the_index_and_never_scan_the_registry() -> None:
    reg = Registry.load(FIXTURE)
    index = reg._index
    for name in ("platforms", "official_rd", "handles", "phones", "wechat", "apps", "by_skel",
                 "by_light", "handle_skel", "rep_hosts", "rep_handles", "primary"):  # fmt: skip
        setattr(index, name, _NoScan(getattr(index, name)))
    for case in all_cases():
        reg.check(case.value)


def test_no_network_is_used_to_build_or_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_a: object, **_k: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    from kefu.verify import psl

    psl.bundled.cache_clear()
    reg = Registry.load(SHIPPED)
    assert reg.check("https://www.binance.com/").status == Status.OFFICIAL
    assert reg.check("bіnance.com").status == Status.IMPERSONATION


def test_shipped_registry_loads_and_every_website_is_official() -> None:
    reg = Registry.load(SHIPPED)
    data = json.loads(SHIPPED.read_text("utf-8"))
    for platform in data["platforms"]:
        for channel in platform["channels"]:
            if channel["kind"] == "website":
                verdict = reg.check(channel["value"])
                assert (verdict.status, verdict.platform) == (Status.OFFICIAL, platform["slug"])


def test_shipped_registry_says_where_each_fact_comes_from() -> None:
    data = json.loads(SHIPPED.read_text("utf-8"))
    assert all(p.get("source", "").strip() for p in data["platforms"])


def test_shipped_registry_has_no_demo_platform_nor_unchecked_phones_or_telegram() -> None:
    data = json.loads(SHIPPED.read_text("utf-8"))
    slugs = {p["slug"] for p in data["platforms"]}
    assert not {"demo", "acme", "example"} & slugs
    kinds = {c["kind"] for p in data["platforms"] for c in p["channels"]}
    assert not {"phone", "telegram", "wechat"} & kinds


def test_shipped_registry_has_no_false_alarm_between_its_own_brands() -> None:
    reg = Registry.load(SHIPPED)
    data = json.loads(SHIPPED.read_text("utf-8"))
    for platform in data["platforms"]:
        for channel in platform["channels"]:
            assert reg.check(channel["value"]).status == Status.OFFICIAL, channel


def test_account_on_a_shared_site_is_official_only_for_that_account() -> None:
    reg = Registry.from_records(
        platforms=[{"slug": "acme", "name": "Acme", "channels": [
            {"kind": "website", "value": "https://github.com/acme-wallet"}]}],
    )  # fmt: skip
    assert reg.check("https://github.com/acme-wallet/releases").status == Status.OFFICIAL
    assert reg.check("https://github.com/someone-else").status == Status.UNKNOWN
    assert reg.check("github.com").status == Status.UNKNOWN


def test_bare_domain_as_email_channel_makes_its_addresses_official() -> None:
    reg = Registry.from_records(
        platforms=[
            {"slug": "k", "name": "K", "channels": [{"kind": "email", "value": "kraken.com"}]}
        ],
    )
    assert reg.check("support@email.kraken.com").status == Status.OFFICIAL
