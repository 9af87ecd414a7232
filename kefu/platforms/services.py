"""Writes for verify: scam reports and their moderation, official channels and their changes.

Every service here is atomic, writes a `RegistryAuditEntry` for each decision or change, and
bumps the registry version when what `verify` answers changes (see `registry.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kefu.accounts.actors import Actor
from kefu.common import clock
from kefu.common.errors import (
    DomainError,
    FieldError,
    Forbidden,
    Invalid,
    NotFound,
    TransitionRefused,
)
from kefu.common.evidence import inspect_evidence
from kefu.common.ratelimit import hit
from kefu.common.shielding import shield_text
from kefu.platforms import permissions
from kefu.platforms.models import (
    AuditAction,
    ChangeAction,
    ChangeStatus,
    ChannelChangeRequest,
    ChannelKind,
    OfficialChannel,
    Platform,
    RegistryAuditEntry,
    ScamReport,
    ScamReportEvidence,
    ScamReportStatus,
)
from kefu.platforms.registry import BadValue, channel_key, guess_kind, registry_version_bump
from kefu.verify import Status

# Per client address: enough for a person reporting a wave of fakes, too few for a flood.
REPORT_LIMIT = 10
REPORT_WINDOW_SECONDS = 3600
DESCRIPTION_MAX = 2000
DESCRIPTIONS_KEPT = 10

IMPORT_ACTOR = "kefu registry import"


def _value_message(code: str) -> str:
    messages = {
        "empty": _("Paste the website, e-mail, account or number."),
        "not_website": _("This is not a website address (for example example.com)."),
        "not_email": _("This is not an e-mail address."),
        "not_handle": _("This is not an account name (for example @name or t.me/name)."),
        "not_phone": _("This is not a phone number."),
        "not_wechat": _("This is not a WeChat ID."),
        "not_app": _("This is not an app ID (for example com.example.wallet)."),
        "shared_site": _(
            "This site hosts pages of many people; report the exact account or page instead."
        ),
        "kind": _("Choose what kind of channel this is."),
    }
    return str(messages.get(code, messages["kind"]))


def _actor_name(actor: Actor) -> str:
    return actor.user.username if actor.user is not None else actor.kind.value


def _audit(
    *,
    actor: Actor | None,
    action: AuditAction,
    platform: Platform | None,
    kind: str = "",
    value: str = "",
    actor_name: str = "",
    **details: Any,
) -> RegistryAuditEntry:
    return RegistryAuditEntry.objects.create(
        platform=platform,
        actor=actor.user if actor is not None else None,
        actor_name=actor_name or (_actor_name(actor) if actor is not None else "system"),
        action=action,
        kind=kind,
        value=value[:255],
        details=details,
        created_at=clock.now(),
    )


def _platform_by_slug(slug: str, field_name: str = "platform") -> Platform:
    platform = Platform.objects.filter(slug=slug.strip(), is_active=True).first()
    if platform is None:
        raise Invalid(
            _("Some fields need your attention."),
            errors=[FieldError(field_name, _("No platform with this name."))],
        )
    return platform


def _is_official(value: str, kind: str) -> str | None:
    """The platform's name when `value` is its official channel of this kind."""
    from kefu.platforms.selectors import verify_check

    result = verify_check(value=value)
    verdict = result.verdict
    if verdict.status == Status.OFFICIAL and verdict.channel_kind in {kind, None}:
        return result.platform_name or verdict.platform
    return None


EVIDENCE_MAX_FILES = 5

# -- scam reports ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSubmitted:
    report: ScamReport
    merged: bool
    redactions: list[dict[str, object]] = field(default_factory=list)


def scam_report_submit(
    *,
    actor: Actor,
    client: str,
    value: str,
    kind: str | None,
    platform: str | None,
    description: str = "",
    evidence: Sequence[UploadedFile] = (),
) -> ReportSubmitted:
    """Anyone reports a fake channel; the same (kind, value, platform) merges into one report.

    Evidence files (screenshots, chat exports) are checked before anything is written, so a
    refused file leaves no half-filed report.
    """
    hit(
        f"scam-report:{client}",
        limit=REPORT_LIMIT,
        window_seconds=REPORT_WINDOW_SECONDS,
        message=_("Too many reports from your network; try again in an hour."),
    )
    errors: list[FieldError] = []
    value = value.strip()
    kind = (kind or "").strip().lower() or guess_kind(value)
    if kind not in ChannelKind.values:
        errors.append(FieldError("kind", _value_message("kind")))
    target = _platform_by_slug(platform) if platform and platform.strip() else None
    key = ""
    if not errors:
        try:
            key = channel_key(str(kind), value, whole_site=True)
        except BadValue as exc:
            errors.append(FieldError("value", _value_message(exc.code)))
    if key and len(key) > 255:
        errors.append(FieldError("value", _("This is too long.")))
    if not errors and (official := _is_official(value, str(kind))):
        errors.append(
            FieldError(
                "value",
                _("This is an official channel of %(platform)s; it cannot be reported as fake.")
                % {"platform": official},
            )
        )
    if len(evidence) > EVIDENCE_MAX_FILES:
        errors.append(FieldError("evidence", _("At most %(n)d files.") % {"n": EVIDENCE_MAX_FILES}))
    if errors:
        raise Invalid(_("Some fields need your attention."), errors=errors)
    files = []
    for index, upload in enumerate(evidence):
        try:
            files.append(inspect_evidence(upload))
        except DomainError as exc:
            exc.errors = [FieldError(f"evidence[{index}]", exc.detail)]
            raise
    shielded = shield_text(description.strip()[:DESCRIPTION_MAX], author_role="requester")
    now = clock.now()
    with transaction.atomic():
        submitted = _report_file(
            kind=str(kind),
            key=key,
            value=value,
            target=target,
            text=shielded.text,
            now=now,
            redactions=shielded.redactions,
        )
        for item in files:
            stored = ScamReportEvidence(
                report=submitted.report,
                name=item.name,
                size=len(item.data),
                content_type=item.content_type,
                sha256=item.sha256,
                created_at=now,
            )
            stored.file.save(item.sha256, ContentFile(item.data), save=False)
            stored.save()
    return submitted


def _report_file(
    *,
    kind: str,
    key: str,
    value: str,
    target: Platform | None,
    text: str,
    now: Any,
    redactions: list[dict[str, object]],
) -> ReportSubmitted:
    with transaction.atomic():
        report = _report_merge(kind=str(kind), key=key, platform=target, text=text, now=now)
        if report is not None:
            return ReportSubmitted(report=report, merged=True, redactions=redactions)
        try:
            with transaction.atomic():
                report = ScamReport.objects.create(
                    platform=target,
                    kind=str(kind),
                    value=value[:255],
                    normalized=key,
                    descriptions=[text] if text else [],
                    last_reported_at=now,
                )
        except IntegrityError:  # someone filed the same report at the same moment
            report = _report_merge(kind=str(kind), key=key, platform=target, text=text, now=now)
            if report is None:
                raise
            return ReportSubmitted(report=report, merged=True, redactions=redactions)
    return ReportSubmitted(report=report, merged=False, redactions=redactions)


def _report_merge(
    *, kind: str, key: str, platform: Platform | None, text: str, now: Any
) -> ScamReport | None:
    report = (
        ScamReport.objects.select_for_update()
        .filter(kind=kind, normalized=key, platform=platform)
        .first()
    )
    if report is None:
        return None
    updates: dict[str, Any] = {"count": F("count") + 1, "last_reported_at": now}
    if text:
        updates["descriptions"] = [*report.descriptions, text][-DESCRIPTIONS_KEPT:]
    if report.status == ScamReportStatus.REJECTED:
        # New reports after a rejection go back to the moderators: the facts may have changed.
        updates["status"] = ScamReportStatus.PENDING
    ScamReport.objects.filter(pk=report.pk).update(**updates)
    report.refresh_from_db()
    return report


def _lock_report(actor: Actor, report: ScamReport) -> ScamReport:
    if not permissions.can_moderate(actor):
        raise NotFound(_("No such report."))
    locked = ScamReport.objects.select_for_update().filter(pk=report.pk).first()
    if locked is None:
        raise NotFound(_("No such report."))
    return locked


def scam_report_confirm(*, actor: Actor, report: ScamReport, note: str = "") -> ScamReport:
    """A moderator confirms: from now on verify answers `reported` for this value."""
    with transaction.atomic():
        report = _lock_report(actor, report)
        if report.status == ScamReportStatus.CONFIRMED:
            raise TransitionRefused(_("This report is already confirmed."))
        official = _is_official(report.normalized, report.kind)
        if official:
            raise Invalid(
                _("This is an official channel of %(platform)s; it cannot be confirmed as fake.")
                % {"platform": official}
            )
        before = report.status
        report = _decide_report(actor, report, ScamReportStatus.CONFIRMED, note)
        _audit_decision(actor, report, AuditAction.REPORT_CONFIRMED, before=before)
        registry_version_bump()
    return report


def _audit_decision(actor: Actor, report: ScamReport, action: str, *, before: str) -> None:
    _audit(
        actor=actor,
        action=action,
        platform=report.platform,
        kind=report.kind,
        value=report.normalized,
        report=report.pk,
        before=before,
        count=report.count,
        note=report.decision_note,
    )


def scam_report_reject(*, actor: Actor, report: ScamReport, note: str = "") -> ScamReport:
    """A moderator rejects (or withdraws an earlier confirmation)."""
    with transaction.atomic():
        report = _lock_report(actor, report)
        if report.status == ScamReportStatus.REJECTED:
            raise TransitionRefused(_("This report is already rejected."))
        before = report.status
        report = _decide_report(actor, report, ScamReportStatus.REJECTED, note)
        _audit_decision(actor, report, AuditAction.REPORT_REJECTED, before=before)
        if before == ScamReportStatus.CONFIRMED:
            registry_version_bump()
    return report


def _decide_report(actor: Actor, report: ScamReport, status: str, note: str) -> ScamReport:
    note = shield_text(note.strip()[:DESCRIPTION_MAX], author_role="agent").text
    now = clock.now()
    ScamReport.objects.filter(pk=report.pk).update(
        status=status, decided_by=actor.user, decided_at=now, decision_note=note
    )
    report.status, report.decided_by, report.decided_at, report.decision_note = (
        status,
        actor.user,
        now,
        note,
    )
    return report


# -- official channels -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelChange:
    """Either applied at once (`channel`) or waiting for a moderator (`request`)."""

    channel: OfficialChannel | None = None
    request: ChannelChangeRequest | None = None

    @property
    def pending(self) -> bool:
        return self.request is not None


def _clean_channel(
    platform: Platform, kind: str, value: str, label: str, source: str
) -> tuple[str, str]:
    """(stored value, key) for a new official channel, or field errors."""
    errors: list[FieldError] = []
    stored = key = ""
    if kind not in ChannelKind.values:
        errors.append(FieldError("kind", _value_message("kind")))
    else:
        try:
            key = channel_key(kind, value)
        except BadValue as exc:
            errors.append(FieldError("value", _value_message(exc.code)))
        else:
            stored = key if kind in {ChannelKind.WEBSITE, ChannelKind.EMAIL} else value.strip()
            if len(stored) > 255:
                errors.append(FieldError("value", _("This is too long.")))
            elif key in _keys_of(platform, kind):
                errors.append(FieldError("value", _("This channel is already listed.")))
    if not source.strip():
        errors.append(
            FieldError("source", _("Say where this was checked (a page of your own site)."))
        )
    if len(label) > 120:
        errors.append(FieldError("label", _("This is too long.")))
    if errors:
        raise Invalid(_("Some fields need your attention."), errors=errors)
    return stored, key


def _keys_of(platform: Platform, kind: str) -> set[str]:
    keys = set()
    for value in OfficialChannel.objects.filter(platform=platform, kind=kind).values_list(
        "value", flat=True
    ):
        try:
            keys.add(channel_key(kind, value))
        except BadValue:
            keys.add(value.strip().lower())
    return keys


def channel_add(
    *, actor: Actor, platform: Platform, kind: str, value: str, label: str = "", source: str
) -> ChannelChange:
    """A platform admin lists a channel; a website or e-mail waits for a moderator."""
    if not permissions.can_manage_channels(actor, platform.pk):
        raise NotFound(_("No platform with this name."))
    with transaction.atomic():
        stored, _key = _clean_channel(platform, kind, value, label, source)
        label, source = label.strip()[:120], source.strip()[:500]
        if permissions.change_needs_approval(kind):
            request = _change_request(
                actor, platform, ChangeAction.ADD, kind, stored, label=label, source=source
            )
            return ChannelChange(request=request)
        channel = OfficialChannel.objects.create(
            platform=platform, kind=kind, value=stored, label=label, source=source
        )
        _audit(
            actor=actor,
            action=AuditAction.CHANNEL_ADDED,
            platform=platform,
            kind=kind,
            value=stored,
            label=label,
            source=source,
        )
        registry_version_bump()
    return ChannelChange(channel=channel)


def channel_remove(*, actor: Actor, channel: OfficialChannel) -> ChannelChange:
    """A platform admin removes a channel; a website or e-mail waits for a moderator."""
    platform = channel.platform
    if not permissions.can_manage_channels(actor, platform.pk):
        raise NotFound(_("No platform with this name."))
    with transaction.atomic():
        if permissions.change_needs_approval(channel.kind):
            request = _change_request(
                actor, platform, ChangeAction.REMOVE, channel.kind, channel.value, channel=channel
            )
            return ChannelChange(request=request)
        deleted, _rows = OfficialChannel.objects.filter(pk=channel.pk, platform=platform).delete()
        if not deleted:
            raise NotFound(_("No such channel."))
        _audit(
            actor=actor,
            action=AuditAction.CHANNEL_REMOVED,
            platform=platform,
            kind=channel.kind,
            value=channel.value,
            label=channel.label,
        )
        registry_version_bump()
    return ChannelChange()


def _change_request(
    actor: Actor,
    platform: Platform,
    action: ChangeAction,
    kind: str,
    value: str,
    *,
    label: str = "",
    source: str = "",
    channel: OfficialChannel | None = None,
) -> ChannelChangeRequest:
    try:
        with transaction.atomic():
            request = ChannelChangeRequest.objects.create(
                platform=platform,
                action=action,
                kind=kind,
                value=value,
                label=label,
                source=source,
                channel=channel,
                requested_by=actor.user,
            )
    except IntegrityError:
        raise Invalid(
            _("This change is already waiting for a moderator."),
            errors=[FieldError("value", _("This change is already waiting for a moderator."))],
        ) from None
    _audit(
        actor=actor,
        action=AuditAction.CHANGE_REQUESTED,
        platform=platform,
        kind=kind,
        value=value,
        request=request.pk,
        change=action.value,
        source=source,
    )
    return request


def _lock_change(actor: Actor, change: ChannelChangeRequest) -> ChannelChangeRequest:
    if not permissions.can_moderate(actor):
        raise NotFound(_("No such change request."))
    locked = (
        ChannelChangeRequest.objects.select_for_update()
        .select_related("platform")
        .filter(pk=change.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("No such change request."))
    if not permissions.can_decide_change(actor, locked.requested_by_id):
        raise Forbidden(_("Another moderator must decide on a change you asked for."))
    if locked.status != ChangeStatus.PENDING:
        raise TransitionRefused(_("This change was already decided."))
    return locked


def channel_change_request_approve(
    *, actor: Actor, change: ChannelChangeRequest, note: str = ""
) -> ChannelChangeRequest:
    """A moderator approves: the website or e-mail channel is added or removed now."""
    with transaction.atomic():
        change = _lock_change(actor, change)
        if change.action == ChangeAction.ADD:
            OfficialChannel.objects.get_or_create(
                platform=change.platform,
                kind=change.kind,
                value=change.value,
                defaults={"label": change.label, "source": change.source},
            )
        else:
            OfficialChannel.objects.filter(
                platform=change.platform, kind=change.kind, value=change.value
            ).delete()
        _decide_change(actor, change, ChangeStatus.APPROVED, note)
        _audit(
            actor=actor,
            action=AuditAction.CHANGE_APPROVED,
            platform=change.platform,
            kind=change.kind,
            value=change.value,
            request=change.pk,
            change=change.action,
            requested_by=change.requested_by.username if change.requested_by else "",
        )
        registry_version_bump()
    return change


def channel_change_request_reject(
    *, actor: Actor, change: ChannelChangeRequest, note: str = ""
) -> ChannelChangeRequest:
    with transaction.atomic():
        change = _lock_change(actor, change)
        _decide_change(actor, change, ChangeStatus.REJECTED, note)
        _audit(
            actor=actor,
            action=AuditAction.CHANGE_REJECTED,
            platform=change.platform,
            kind=change.kind,
            value=change.value,
            request=change.pk,
            change=change.action,
            note=change.decision_note,
        )
    return change


def _decide_change(actor: Actor, change: ChannelChangeRequest, status: str, note: str) -> None:
    now = clock.now()
    note = note.strip()[:DESCRIPTION_MAX]
    ChannelChangeRequest.objects.filter(pk=change.pk).update(
        status=status, decided_by=actor.user, decided_at=now, decision_note=note
    )
    change.status, change.decided_by, change.decided_at, change.decision_note = (
        status,
        actor.user,
        now,
        note,
    )


# -- registry file import (the operator's CLI) -----------------------------------------------


@dataclass
class ImportSummary:
    platforms_created: int = 0
    channels_added: int = 0
    channels_updated: int = 0
    reports_confirmed: int = 0
    problems: list[str] = field(default_factory=list)


def registry_import(
    *, data: Mapping[str, Any], only_new_platforms: bool = False, origin: str = ""
) -> ImportSummary:
    """Load a registry file (docs/verify.md format) into the database; safe to run again.

    Creates missing platforms and adds or updates their channels (label, source); never deletes.
    With `only_new_platforms` (used by `kefu demo`), platforms already present are left as they
    are, so a channel an admin removed is not brought back. Refuses the whole file on a problem.
    """
    summary = ImportSummary()
    entries = data.get("platforms")
    if not isinstance(entries, list):
        summary.problems.append("'platforms' must be a list")
        return summary
    planned = [
        _plan_platform(entry, index, summary.problems) for index, entry in enumerate(entries)
    ]
    reported = [
        _plan_reported(item, index, summary.problems)
        for index, item in enumerate(data.get("reported") or [])
    ]
    if summary.problems:
        return summary
    with transaction.atomic():
        for plan in planned:
            _import_platform(plan, summary, only_new_platforms=only_new_platforms, origin=origin)
        for item in reported:
            _import_reported(item, summary)
        changed = (
            summary.platforms_created,
            summary.channels_added,
            summary.channels_updated,
            summary.reports_confirmed,
        )
        if any(changed):
            registry_version_bump()
    return summary


def _plan_platform(entry: Any, index: int, problems: list[str]) -> dict[str, Any]:
    where = f"platforms[{index}]"
    if not isinstance(entry, dict) or not str(entry.get("slug", "")).strip():
        problems.append(f"{where}: needs a 'slug'")
        return {}
    slug = str(entry["slug"]).strip()
    names = dict(entry.get("names") or {})
    name = str(entry.get("name") or slug)
    source = str(entry.get("source") or "")
    channels = []
    for position, channel in enumerate(entry.get("channels") or []):
        kind = str(channel.get("kind", "")) if isinstance(channel, dict) else ""
        value = str(channel.get("value", "")) if isinstance(channel, dict) else ""
        if kind not in ChannelKind.values:
            problems.append(f"{where}.channels[{position}]: unknown kind {kind!r}")
            continue
        try:
            key = channel_key(kind, value)
        except BadValue as exc:
            problems.append(f"{where}.channels[{position}]: {value!r} is not a {kind} ({exc.code})")
            continue
        channels.append(
            {
                "kind": kind,
                "value": key if kind in {"website", "email"} else value.strip(),
                "label": str(channel.get("label") or "")[:120],
                "source": str(channel.get("source") or source)[:500],
            }
        )
    return {
        "slug": slug,
        "name_zh": str(names.get("zh-Hans") or name)[:120],
        "name_en": str(names.get("en") or name)[:120],
        "channels": channels,
    }


def _import_platform(
    plan: dict[str, Any], summary: ImportSummary, *, only_new_platforms: bool, origin: str
) -> None:
    platform, created = Platform.objects.get_or_create(
        slug=plan["slug"], defaults={"name_zh": plan["name_zh"], "name_en": plan["name_en"]}
    )
    summary.platforms_created += int(created)
    if not created and only_new_platforms:
        return
    for channel in plan["channels"]:
        existing = OfficialChannel.objects.filter(
            platform=platform, kind=channel["kind"], value=channel["value"]
        ).first()
        if existing is None:
            OfficialChannel.objects.create(platform=platform, **channel)
            summary.channels_added += 1
            _audit(
                actor=None,
                actor_name=IMPORT_ACTOR,
                action=AuditAction.CHANNEL_ADDED,
                platform=platform,
                kind=channel["kind"],
                value=channel["value"],
                source=channel["source"],
                origin=origin,
            )
        elif (existing.label, existing.source) != (channel["label"], channel["source"]):
            OfficialChannel.objects.filter(pk=existing.pk).update(
                label=channel["label"], source=channel["source"]
            )
            summary.channels_updated += 1


def _plan_reported(item: Any, index: int, problems: list[str]) -> dict[str, Any]:
    kind = str(item.get("kind", "")) if isinstance(item, dict) else ""
    value = str(item.get("value", "")) if isinstance(item, dict) else ""
    try:
        key = channel_key(kind, value, whole_site=True)
    except BadValue as exc:
        problems.append(f"reported[{index}]: {value!r} is not a {kind} ({exc.code})")
        return {}
    slug = item.get("platform") or ""
    return {"kind": kind, "value": value, "key": key, "platform": str(slug)}


def _import_reported(item: dict[str, Any], summary: ImportSummary) -> None:
    kind, value, key = item["kind"], item["value"], item["key"]
    platform = Platform.objects.filter(slug=item["platform"]).first() if item["platform"] else None
    report, created = ScamReport.objects.get_or_create(
        kind=kind,
        normalized=key,
        platform=platform,
        defaults={
            "value": value[:255],
            "status": ScamReportStatus.CONFIRMED,
            "last_reported_at": clock.now(),
            "decided_at": clock.now(),
            "decision_note": IMPORT_ACTOR,
        },
    )
    if created:
        summary.reports_confirmed += 1
        _audit(
            actor=None,
            actor_name=IMPORT_ACTOR,
            action=AuditAction.REPORT_CONFIRMED,
            platform=platform,
            kind=kind,
            value=key,
            report=report.pk,
        )
