"""The verify registry built from the database: once per process, rebuilt when the data changes.

Every service that changes official channels or confirmed scam reports calls
`registry_version_bump()` in its transaction. A request reads the one `RegistryVersion` row
(one indexed query) and uses the compiled `Registry` kept for that stamp, building it only
when the stamp is new. The only process memory is `_COMPILED`, a cache keyed by the stamp:
a stale entry can never be served, because the key changes with the data.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch

from kefu.common import clock
from kefu.platforms.models import (
    OfficialChannel,
    Platform,
    RegistryVersion,
    ScamReport,
    ScamReportStatus,
)
from kefu.verify import CHANNEL_KINDS, ChannelRecord, PlatformRecord, Registry, ReportedRecord
from kefu.verify.normalize import parse, parse_phone
from kefu.verify.psl import bundled
from kefu.verify.wordlists import ALLOWLIST

VERSION_PK = 1
# Two entries: the current registry and, briefly, the one it replaces (threads still using it).
_KEEP = 2


@dataclass(frozen=True)
class CompiledRegistry:
    stamp: str
    registry: Registry
    platforms: Mapping[str, PlatformRecord]


_COMPILED: dict[str, CompiledRegistry] = {}


def registry_version_bump() -> None:
    """Mark the registry as changed; call inside the transaction that changed it."""
    now = clock.now()
    stamp = secrets.token_hex(16)
    updated = RegistryVersion.objects.filter(pk=VERSION_PK).update(
        number=F("number") + 1, stamp=stamp, changed_at=now
    )
    if not updated:
        _version_create(stamp, number=1)


def _version_create(stamp: str, *, number: int = 0) -> str:
    try:
        with transaction.atomic():
            RegistryVersion.objects.create(
                pk=VERSION_PK, stamp=stamp, number=number, changed_at=clock.now()
            )
    except IntegrityError:  # another process created it first: use theirs
        return RegistryVersion.objects.values_list("stamp", flat=True).get(pk=VERSION_PK)
    return stamp


def registry_stamp() -> str:
    stamp = RegistryVersion.objects.filter(pk=VERSION_PK).values_list("stamp", flat=True).first()
    return stamp if stamp is not None else _version_create(secrets.token_hex(16))


def channel_order(channel: OfficialChannel) -> tuple[int, int]:
    """Websites first: the engine names the first channel of a domain as the one matched."""
    rank = (
        CHANNEL_KINDS.index(channel.kind) if channel.kind in CHANNEL_KINDS else len(CHANNEL_KINDS)
    )
    return rank, channel.pk


def registry_records() -> tuple[list[PlatformRecord], list[ReportedRecord]]:
    """Active platforms with their official channels, and the confirmed scam channels."""
    platforms = Platform.objects.filter(is_active=True).prefetch_related(
        Prefetch("channels", queryset=OfficialChannel.objects.order_by("kind", "id"))
    )
    records = [
        PlatformRecord(
            slug=p.slug,
            name=p.name_en or p.name_zh,
            names={"zh-Hans": p.name_zh, "en": p.name_en},
            channels=[
                ChannelRecord(c.kind, c.value, c.label)
                for c in sorted(p.channels.all(), key=channel_order)
            ],
        )
        for p in platforms
    ]
    active = {p.slug for p in records}
    reported = [
        ReportedRecord(kind, normalized, slug if slug in active else None)
        for kind, normalized, slug in ScamReport.objects.filter(
            status=ScamReportStatus.CONFIRMED
        ).values_list("kind", "normalized", "platform__slug")
    ]
    return records, reported


def registry_current() -> CompiledRegistry:
    """The compiled registry for the current data: one query, plus a rebuild after a change."""
    stamp = registry_stamp()
    compiled = _COMPILED.get(stamp)
    if compiled is None:
        platforms, reported = registry_records()
        registry = Registry.from_records(platforms=platforms, reported=reported)
        compiled = CompiledRegistry(
            stamp=stamp, registry=registry, platforms={p.slug: p for p in platforms}
        )
        for old in list(_COMPILED)[: max(0, len(_COMPILED) - _KEEP + 1)]:
            _COMPILED.pop(old, None)
        _COMPILED[stamp] = compiled
    return compiled


# -- channel values ------------------------------------------------------------------------


class BadValue(ValueError):
    """The value is not a channel of the given kind (the message says why, untranslated code)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _shared_site(host: str, registrable: str) -> bool:
    return host in ALLOWLIST or registrable in ALLOWLIST


def channel_key(kind: str, value: str, *, whole_site: bool = False) -> str:
    """The normalized identity of `value` as a channel of `kind` (host, address, @handle, E.164).

    Raises `BadValue` with a code when the value is no such channel. `whole_site=True` (scam
    reports) refuses shared sites such as github.com or t.me, which must never be blocked whole.
    """
    text = value.strip()
    if not text:
        raise BadValue("empty")
    parsed = parse(text, bundled())
    if kind == "website":
        host = parsed.host
        if parsed.kind != "website" or host is None or host.is_ip or not host.has_registrable:
            raise BadValue("not_website")
        name = host.ascii.removeprefix("www.")
        if _shared_site(name, host.registrable):
            if whole_site:
                raise BadValue("shared_site")
            segment = parsed.path.split("?", 1)[0].strip("/").split("/", 1)[0].lower()
            return f"{name}/{segment}" if segment else name
        return name
    if kind == "email":
        if parsed.kind == "email":
            return parsed.normalized
        host = parsed.host
        if whole_site or parsed.kind != "website" or host is None or not host.has_registrable:
            raise BadValue("not_email")
        return host.ascii.removeprefix("www.")
    if kind in {"telegram", "twitter"}:
        if parsed.kind in {"telegram", "twitter", "handle", "word"} and parsed.handle:
            if kind in parsed.handle_kinds or parsed.kind == "word":
                return "@" + parsed.handle
        raise BadValue("not_handle")
    if kind == "phone":
        phone = parsed.phone or parse_phone(text)
        if not phone:
            raise BadValue("not_phone")
        return phone
    if kind == "wechat":
        if parsed.kind in {"wechat", "word"} and parsed.handle:
            return parsed.handle
        raise BadValue("not_wechat")
    if kind == "app":
        app = text.lower().removeprefix("app:").strip()
        if not app or any(ch.isspace() for ch in app):
            raise BadValue("not_app")
        return app
    raise BadValue("kind")


def guess_kind(value: str) -> str | None:
    """The channel kind a pasted value most likely is (for a report without a kind)."""
    parsed = parse(value.strip(), bundled())
    if parsed.kind in {"website", "email", "telegram", "twitter", "phone", "wechat", "app"}:
        return parsed.kind
    if parsed.kind == "handle":
        return "telegram"
    return None
