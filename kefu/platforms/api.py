from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from kefu.common.clients import client_address
from kefu.common.idempotency import idempotency_scope, run_idempotent
from kefu.config.api import actor_from_request
from kefu.platforms import selectors, services

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


# -- verify --------------------------------------------------------------------------------


class VerifyIn(Schema):
    value: str = Field(min_length=1, max_length=2048, description="anything a user pastes")


class VerifyOut(Schema):
    status: str = Field(description="official | impersonation | reported | unknown")
    platform: str | None
    platform_name: str | None
    channel_kind: str | None
    matched: str | None
    reasons: list[str]
    normalized: str
    techniques: list[str]
    official_channels: list[ChannelOut]


@router.post(
    "/verify",
    response=VerifyOut,
    tags=["verify"],
    summary="Is this website, e-mail, account or number an official support channel?",
)
def verify(request: HttpRequest, payload: VerifyIn) -> dict[str, Any]:
    result = selectors.verify_check(value=payload.value)
    return {
        **result.verdict.to_dict(),
        "platform_name": result.platform_name or None,
        "official_channels": [
            {"kind": c.kind, "value": c.value, "label": c.label} for c in result.official_channels
        ],
    }


class ScamReportIn(Schema):
    value: str = Field(min_length=1, max_length=2048)
    kind: str | None = Field(
        default=None,
        description="website|email|telegram|twitter|phone|wechat|app; guessed if empty",
    )
    platform: str | None = Field(default=None, description="slug of the platform it imitates")
    description: str = Field(default="", max_length=20_000)


class ScamReportOut(Schema):
    id: int
    status: str
    count: int
    redactions: list[dict[str, Any]]


def _report_answer(submitted: services.ReportSubmitted) -> dict[str, Any]:
    report = submitted.report
    return {
        "id": report.pk,
        "status": report.status,
        "count": report.count,
        "redactions": submitted.redactions,
    }


@router.post(
    "/scam-reports",
    response={202: ScamReportOut},
    tags=["verify"],
    summary="Report a fake support channel (moderators review it)",
)
def report_scam(request: HttpRequest, payload: ScamReportIn) -> Status[dict[str, Any]]:
    actor = actor_from_request(request)
    client = client_address(request)
    key = request.headers.get("Idempotency-Key")
    scope = idempotency_scope(
        principal=actor.label if actor.user else f"anonymous:{client}",
        path=request.path,
        body=request.body,
    )

    def create() -> tuple[int, dict[str, Any]]:
        submitted = services.scam_report_submit(
            actor=actor,
            client=client,
            value=payload.value,
            kind=payload.kind,
            platform=payload.platform,
            description=payload.description,
        )
        return 202, _report_answer(submitted)

    status, answer = run_idempotent(key=key, scope=scope, create=create)
    return Status(status, answer)


@router.post(
    "/scam-reports/with-evidence",
    response={202: ScamReportOut},
    tags=["verify"],
    summary="Report a fake support channel with screenshots or chat exports (multipart)",
)
def report_scam_with_evidence(
    request: HttpRequest,
    value: Form[str],
    kind: Form[str] = "",
    platform: Form[str] = "",
    description: Form[str] = "",
    evidence: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[dict[str, Any]]:
    submitted = services.scam_report_submit(
        actor=actor_from_request(request),
        client=client_address(request),
        value=value,
        kind=kind or None,
        platform=platform or None,
        description=description[:2000],
        evidence=list(evidence or []),
    )
    return Status(202, _report_answer(submitted))


class FakeChannelOut(Schema):
    kind: str
    value: str
    reports: int
    confirmed_at: datetime | None


class FakeChannelListOut(Schema):
    items: list[FakeChannelOut]


@router.get(
    "/platforms/{slug}/fake-channels",
    response=FakeChannelListOut,
    tags=["verify"],
    summary="Channels confirmed by moderators as impersonating this platform",
)
def list_fake_channels(request: HttpRequest, slug: str) -> dict[str, Any]:
    platform = selectors.platform_get(slug=slug)
    return {
        "items": [
            {
                "kind": r.kind,
                "value": r.normalized,
                "reports": r.count,
                "confirmed_at": r.decided_at,
            }
            for r in selectors.fake_channels_for_platform(platform=platform)
        ]
    }
