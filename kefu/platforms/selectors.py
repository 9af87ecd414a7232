from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from kefu.accounts.actors import Actor
from kefu.common.db import statements
from kefu.common.errors import NotFound
from kefu.platforms import permissions
from kefu.platforms.models import (
    ChangeStatus,
    ChannelChangeRequest,
    OfficialChannel,
    Platform,
    RegistryAuditEntry,
    ScamReport,
    ScamReportStatus,
)
from kefu.platforms.registry import channel_order, registry_current
from kefu.verify import ChannelRecord, Verdict


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


# Slug -> (until when, row), per process; see `platform_for_intake`.
_FOR_INTAKE: dict[str, tuple[float, Platform]] = {}


def platform_for_intake(*, slug: str) -> Platform | None:
    """The active platform a new ticket names, or None.

    Every intake reads it, so each process keeps a found platform for
    `KEFU_PLATFORM_CACHE_SECONDS` (0: read it every time): one statement and one round trip
    less per ticket. Saving a platform clears this process's copies at once (and again when
    the save commits); other processes see a change within that time. Names not found are
    not kept, so made-up names cannot fill the memory. The instance is shared between
    requests: read it, never change it.
    """
    now = time.monotonic()
    kept = _FOR_INTAKE.get(slug)
    if kept is not None and kept[0] > now:
        return kept[1]
    platform = statements.select_one(Platform, '"slug" = %s AND "is_active"', [slug])
    ttl = settings.KEFU_PLATFORM_CACHE_SECONDS
    if platform is None or ttl <= 0:
        _FOR_INTAKE.pop(slug, None)
    else:
        _FOR_INTAKE[slug] = (now + ttl, platform)
    return platform


def platform_cache_clear() -> None:
    """Forget the platforms kept for intake, now and when the current transaction commits
    (a request reading the platform before that commit would keep the old row)."""
    platform_cache_forget()
    transaction.on_commit(platform_cache_forget)


def platform_cache_forget() -> None:
    _FOR_INTAKE.clear()


# -- verify ---------------------------------------------------------------------------------


def verify_language() -> str:
    """The verify engine's language for the current request (LocaleMiddleware)."""
    return "en" if (get_language() or "").startswith("en") else "zh-Hans"


@dataclass(frozen=True)
class VerifyResult:
    verdict: Verdict
    platform_name: str
    official_channels: tuple[ChannelRecord, ...]


def verify_check(*, value: str, lang: str | None = None) -> VerifyResult:
    """The verdict for a pasted value, with the real channels of the platform it names.

    One query (the registry version) per call; the registry is compiled once per change.
    """
    lang = lang or verify_language()
    compiled = registry_current()
    verdict = compiled.registry.check(value, lang=lang)
    record = compiled.platforms.get(verdict.platform or "")
    if record is None:
        return VerifyResult(verdict=verdict, platform_name="", official_channels=())
    name = record.names.get(lang) or record.name
    return VerifyResult(
        verdict=verdict, platform_name=name, official_channels=tuple(record.channels)
    )


def fake_channels_for_platform(*, platform: Platform) -> list[ScamReport]:
    """Confirmed fake channels of a platform (public)."""
    return list(
        ScamReport.objects.filter(platform=platform, status=ScamReportStatus.CONFIRMED).order_by(
            "-decided_at", "-id"
        )
    )


# -- moderation (site moderators only; NotFound for everyone else) ----------------------------


def _require_moderator(actor: Actor) -> None:
    if not permissions.can_moderate(actor):
        raise NotFound("Nothing here.")


def scam_reports_pending(*, actor: Actor, limit: int = 100) -> list[ScamReport]:
    _require_moderator(actor)
    return list(
        ScamReport.objects.filter(status=ScamReportStatus.PENDING)
        .select_related("platform")
        .prefetch_related("evidence")
        .order_by("-count", "last_reported_at", "id")[:limit]
    )


def scam_report_get_for_moderator(*, actor: Actor, report_id: int) -> ScamReport:
    _require_moderator(actor)
    report = ScamReport.objects.select_related("platform").filter(pk=report_id).first()
    if report is None:
        raise NotFound("No such report.")
    return report


def scam_report_evidence_get_for_moderator(*, actor: Actor, evidence_id: int) -> Any:
    from kefu.platforms.models import ScamReportEvidence

    _require_moderator(actor)
    found = list(ScamReportEvidence.objects.filter(pk=evidence_id).order_by()[:1])
    if not found:
        raise NotFound("No such file.")
    return found[0]


def change_requests_pending(*, actor: Actor, limit: int = 100) -> list[ChannelChangeRequest]:
    _require_moderator(actor)
    return list(
        ChannelChangeRequest.objects.filter(status=ChangeStatus.PENDING)
        .select_related("platform", "requested_by")
        .order_by("created_at", "id")[:limit]
    )


def change_request_get_for_moderator(*, actor: Actor, request_id: int) -> ChannelChangeRequest:
    _require_moderator(actor)
    found = (
        ChannelChangeRequest.objects.select_related("platform", "requested_by", "channel")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise NotFound("No such change request.")
    return found


def audit_entries_recent(*, actor: Actor, limit: int = 50) -> list[RegistryAuditEntry]:
    _require_moderator(actor)
    return list(
        RegistryAuditEntry.objects.select_related("platform").order_by("-created_at", "-id")[:limit]
    )


# -- channel management (the platform's admins only) -----------------------------------------


def platform_get_for_channel_admin(*, actor: Actor, slug: str) -> Platform:
    platform = platform_list().filter(slug=slug).first()
    if platform is None or not permissions.can_manage_channels(actor, platform.pk):
        raise NotFound("No platform with this name.")
    return platform


def channels_for_admin(*, actor: Actor, platform: Platform) -> list[OfficialChannel]:
    if not permissions.can_manage_channels(actor, platform.pk):
        raise NotFound("No platform with this name.")
    return list(OfficialChannel.objects.filter(platform=platform).order_by("kind", "id"))


def channel_get_for_admin(*, actor: Actor, platform: Platform, channel_id: int) -> OfficialChannel:
    if not permissions.can_manage_channels(actor, platform.pk):
        raise NotFound("No platform with this name.")
    channel = OfficialChannel.objects.filter(platform=platform, pk=channel_id).first()
    if channel is None:
        raise NotFound("No such channel.")
    return channel


def change_requests_for_platform(
    *, actor: Actor, platform: Platform, limit: int = 20
) -> list[ChannelChangeRequest]:
    """The platform's recent channel change requests, pending first (for its admins)."""
    if not permissions.can_manage_channels(actor, platform.pk):
        raise NotFound("No platform with this name.")
    rows = ChannelChangeRequest.objects.filter(platform=platform).select_related(
        "requested_by", "decided_by"
    )
    pending = list(rows.filter(status=ChangeStatus.PENDING).order_by("created_at", "id"))
    decided = list(rows.exclude(status=ChangeStatus.PENDING).order_by("-decided_at", "-id")[:limit])
    return pending + decided


def registry_export() -> dict[str, object]:
    """Active platforms, their channels (each with its `source`) and confirmed scam channels,
    in the registry file format (docs/verify.md); `kefu registry import` reads it back."""
    platforms = []
    for platform in platform_list().prefetch_related(
        Prefetch("channels", queryset=OfficialChannel.objects.order_by("kind", "id"))
    ):
        channels = sorted(platform.channels.all(), key=channel_order)
        sources = {c.source for c in channels}
        common = sources.pop() if len(sources) == 1 else ""
        entry: dict[str, object] = {
            "slug": platform.slug,
            "name": platform.name_en or platform.name_zh,
            "names": {"zh-Hans": platform.name_zh, "en": platform.name_en},
            "channels": [
                {
                    "kind": c.kind,
                    "value": c.value,
                    **({"label": c.label} if c.label else {}),
                    **({"source": c.source} if c.source and not common else {}),
                }
                for c in channels
            ],
        }
        if common:
            entry["source"] = common
        platforms.append(entry)
    reported = [
        {"kind": kind, "value": value, "platform": slug}
        for kind, value, slug in ScamReport.objects.filter(status=ScamReportStatus.CONFIRMED)
        .order_by("id")
        .values_list("kind", "normalized", "platform__slug")
    ]
    return {"version": 1, "platforms": platforms, "reported": reported}
