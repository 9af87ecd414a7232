from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kefu.common.models import TimeStampedModel


class Platform(TimeStampedModel):
    """A tenant: a wallet, exchange or DeFi front end whose staff answer its tickets."""

    slug = models.SlugField(max_length=64, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    time_zone = models.CharField(max_length=64, default="Asia/Shanghai")
    settings = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug

    @property
    def names(self) -> dict[str, str]:
        return {"zh-Hans": self.name_zh, "en": self.name_en}

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    @property
    def description(self) -> str:
        if (get_language() or "").startswith("en"):
            return self.description_en or self.description_zh
        return self.description_zh or self.description_en


class ChannelKind(models.TextChoices):
    WEBSITE = "website", _("Website")
    EMAIL = "email", _("E-mail")
    TELEGRAM = "telegram", _("Telegram")
    TWITTER = "twitter", _("X / Twitter")
    PHONE = "phone", _("Phone")
    WECHAT = "wechat", _("WeChat")
    APP = "app", _("App")


class OfficialChannel(TimeStampedModel):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    value = models.CharField(max_length=255)
    label = models.CharField(max_length=120, blank=True)
    # Where this fact was checked (a URL, a document, "kefu/data/registry.json: …"), and when.
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["platform_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "kind", "value"], name="official_channel_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform_id}:{self.kind}:{self.value}"


# Kinds whose change can redirect users to a phishing site: a site moderator must approve them.
APPROVAL_KINDS = frozenset({ChannelKind.WEBSITE, ChannelKind.EMAIL})


class ScamReportStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    CONFIRMED = "confirmed", _("Confirmed as fake")
    REJECTED = "rejected", _("Rejected")


class ScamReport(TimeStampedModel):
    """A channel that users say impersonates a platform; one row per (kind, value, platform).

    Repeated reports of the same normalized value merge into this row (`count`). Only a
    moderator's confirmation makes it part of the verify registry (status `reported`).
    """

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, null=True, blank=True, related_name="scam_reports"
    )
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    value = models.CharField(max_length=255)  # as the first reporter typed it (shown to moderators)
    normalized = models.CharField(max_length=255)  # the key: host, address, @handle, E.164 …
    descriptions = models.JSONField(default=list, blank=True)  # shielded texts, newest last
    count = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=ScamReportStatus.choices, default=ScamReportStatus.PENDING
    )
    last_reported_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-last_reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "normalized", "platform"],
                condition=models.Q(platform__isnull=False),
                name="scam_report_unique_per_platform",
            ),
            models.UniqueConstraint(
                fields=["kind", "normalized"],
                condition=models.Q(platform__isnull=True),
                name="scam_report_unique_no_platform",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "last_reported_at"], name="scam_report_queue"),
            models.Index(fields=["platform", "status"], name="scam_report_platform_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.normalized} ({self.status})"


class ChangeAction(models.TextChoices):
    ADD = "add", _("Add")
    REMOVE = "remove", _("Remove")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChannelChangeRequest(TimeStampedModel):
    """A platform admin's change to a website or e-mail channel, held until a moderator approves.

    So a hijacked admin account cannot quietly list a phishing domain as official.
    """

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="channel_change_requests"
    )
    action = models.CharField(max_length=8, choices=ChangeAction.choices)
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    value = models.CharField(max_length=255)
    label = models.CharField(max_length=120, blank=True)
    source = models.CharField(max_length=500, blank=True)
    channel = models.ForeignKey(
        OfficialChannel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "action", "kind", "value"],
                condition=models.Q(status="pending"),
                name="channel_change_one_pending",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="channel_change_queue")]

    def __str__(self) -> str:
        return f"{self.action} {self.kind}:{self.value} ({self.status})"


class AuditAction(models.TextChoices):
    REPORT_CONFIRMED = "report_confirmed", _("Report confirmed")
    REPORT_REJECTED = "report_rejected", _("Report rejected")
    CHANNEL_ADDED = "channel_added", _("Channel added")
    CHANNEL_REMOVED = "channel_removed", _("Channel removed")
    CHANGE_REQUESTED = "change_requested", _("Change requested")
    CHANGE_APPROVED = "change_approved", _("Change approved")
    CHANGE_REJECTED = "change_rejected", _("Change rejected")


class RegistryAuditEntry(models.Model):
    """Who changed the verify registry (channels, confirmed scams), what, and when. Append-only."""

    platform = models.ForeignKey(
        Platform, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)  # kept if the user is deleted; "system" for CLI
    action = models.CharField(max_length=24, choices=AuditAction.choices)
    kind = models.CharField(max_length=16, blank=True)
    value = models.CharField(max_length=255, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at"], name="registry_audit_recent")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class RegistryVersion(models.Model):
    """One row: bumped by every service that changes official channels or confirmed scams.

    Each web process keeps the compiled verify registry keyed by `stamp` and rebuilds it when
    the stamp it reads differs. The stamp is random (not only a counter) so a reset counter
    (restored backup, rolled-back test) can never match a registry built from other data.
    """

    number = models.PositiveBigIntegerField(default=0)
    stamp = models.CharField(max_length=32)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"v{self.number} {self.stamp[:8]}"


def _evidence_path(instance: "ScamReportEvidence", filename: str) -> str:
    # Content-addressed and served only to moderators: never a guessable public URL.
    return f"scam-evidence/{instance.sha256[:2]}/{instance.sha256}"


class ScamReportEvidence(models.Model):
    """A screenshot or chat export attached to a scam report, hashed; text was shielded."""

    report = models.ForeignKey(ScamReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=255)
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"
