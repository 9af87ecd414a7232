from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kefu.accounts.models import Membership
from kefu.platforms.models import Platform


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    INQUIRY = "inquiry", _("Inquiry")


class Category(models.TextChoices):
    SLOW_RESPONSE = "slow_response", _("Slow response")
    INACCURATE_INFO = "inaccurate_info", _("Inaccurate information")
    POOR_ATTITUDE = "poor_attitude", _("Poor attitude")
    UNCLEAR_SOLUTION = "unclear_solution", _("Unclear solution")
    ACCOUNT_ACCESS = "account_access", _("Account access")
    TRANSACTION_FAILED = "transaction_failed", _("Failed transaction")
    ASSET_SECURITY = "asset_security", _("Asset security")
    FEES = "fees", _("Fees")
    FAKE_SUPPORT = "fake_support", _("Fake customer service")
    OTHER = "other", _("Other")


class DesiredOutcome(models.TextChoices):
    EXPLANATION = "explanation", _("An explanation")
    FIX = "fix", _("Fix the problem")
    REFUND = "refund", _("A refund")
    COMPENSATION = "compensation", _("Compensation")
    APOLOGY = "apology", _("An apology")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("In progress")
    AWAITING_REQUESTER = "awaiting_requester", _("Awaiting your reply")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.AWAITING_REQUESTER)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    APP = "app", _("App")
    EMAIL = "email", _("E-mail")
    TELEGRAM = "telegram", _("Telegram")
    WEBHOOK = "webhook", _("Webhook")


class ResolutionType(models.TextChoices):
    EXPLANATION = "explanation", _("Closed with explanation")
    MONETARY_RELIEF = "monetary_relief", _("Closed with monetary relief")
    NON_MONETARY_RELIEF = "non_monetary_relief", _("Closed with non-monetary relief")
    NO_ACTION = "no_action", _("Closed without relief")


class CompensationDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PARTIAL = "partial", _("Partially approved")
    DENIED = "denied", _("Denied")


TIER_LABELS = {
    1: _("Agent"),
    2: _("Senior / technical"),
    3: _("Complaints supervisor"),
    4: _("Management"),
}


class Collective(models.Model):
    """A collective complaint (集体投诉): many requesters hit by the same incident."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="collectives")
    code = models.CharField(max_length=12, unique=True)
    title = models.CharField(max_length=200)
    incident = models.TextField(blank=True)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code


class Ticket(models.Model):
    # No single-column index: every query by platform uses the composite indexes below.
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="tickets", db_index=False
    )
    reference = models.CharField(max_length=16, unique=True)
    access_token_digest = models.CharField(max_length=64)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        db_index=False,  # ticket_by_requester covers it
    )
    contact = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, default="zh-hans")

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COMPLAINT)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    category = models.CharField(max_length=32, choices=Category.choices, default=Category.OTHER)
    desired_outcomes = models.JSONField(default=list, blank=True)
    claim_amount = models.DecimalField(max_digits=24, decimal_places=8, null=True, blank=True)
    claim_currency = models.CharField(max_length=16, blank=True)
    incident_at = models.DateTimeField(null=True, blank=True)
    staff_name = models.CharField(max_length=120, blank=True)
    staff_employee_id = models.CharField(max_length=32, blank=True)
    chain_refs = models.JSONField(default=list, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    redactions = models.JSONField(default=list, blank=True)
    risk_flags = models.JSONField(default=list, blank=True)

    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    tier = models.PositiveSmallIntegerField(default=1)
    assignee = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    version = models.PositiveIntegerField(default=1)
    # Rarely set: partial indexes (below) instead of full ones, so most rows cost no entry.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        db_index=False,
    )
    collective = models.ForeignKey(
        Collective,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        db_index=False,
    )

    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Deadlines the platform owes (stored so the sweeper hits an index, see sla/).
    first_response_due = models.DateTimeField(null=True, blank=True)
    next_response_due = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    next_breach_at = models.DateTimeField(null=True, blank=True)
    # When the assignee is warned that 75% of the allowed time is used.
    next_warning_at = models.DateTimeField(null=True, blank=True)
    breach_count = models.PositiveSmallIntegerField(default=0)
    # Per-state timestamps.
    first_responded_at = models.DateTimeField(null=True, blank=True)
    last_requester_message_at = models.DateTimeField(null=True, blank=True)
    last_staff_message_at = models.DateTimeField(null=True, blank=True)
    awaiting_since = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    follow_up_count = models.PositiveIntegerField(default=0)
    last_follow_up_at = models.DateTimeField(null=True, blank=True)
    escalation_requested_at = models.DateTimeField(null=True, blank=True)
    awaiting_reminded_at = models.DateTimeField(null=True, blank=True)
    silence_reassigned_at = models.DateTimeField(null=True, blank=True)

    resolution_type = models.CharField(max_length=24, choices=ResolutionType.choices, blank=True)
    resolution_summary = models.TextField(blank=True)
    compensation_decision = models.CharField(
        max_length=16, choices=CompensationDecision.choices, blank=True
    )
    compensation_amount = models.DecimalField(
        max_digits=24, decimal_places=8, null=True, blank=True
    )
    compensation_currency = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["platform", "status", "-created_at"], name="ticket_queue_by_status"
            ),
            models.Index(fields=["platform", "assignee", "status"], name="ticket_queue_mine"),
            models.Index(fields=["platform", "tier", "status"], name="ticket_queue_by_tier"),
            models.Index(
                fields=["next_breach_at"],
                name="ticket_sla_sweep",
                condition=Q(next_breach_at__isnull=False),
            ),
            models.Index(
                fields=["next_warning_at"],
                name="ticket_sla_warning",
                condition=Q(next_warning_at__isnull=False),
            ),
            models.Index(
                fields=["status", "awaiting_since"],
                name="ticket_awaiting_sweep",
                condition=Q(status="awaiting_requester"),
            ),
            models.Index(
                fields=["status", "resolved_at"],
                name="ticket_resolved_sweep",
                condition=Q(status="resolved"),
            ),
            models.Index(fields=["requester", "-created_at"], name="ticket_by_requester"),
            models.Index(
                fields=["merged_into"],
                name="ticket_merged_into",
                condition=Q(merged_into__isnull=False),
            ),
            models.Index(
                fields=["collective"],
                name="ticket_collective",
                condition=Q(collective__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def tier_label(self) -> str:
        return str(TIER_LABELS.get(self.tier, self.tier))


class AuthorRole(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    STAFF = "staff", _("Staff")
    SYSTEM = "system", _("System")


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author_role = models.CharField(max_length=16, choices=AuthorRole.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author_name = models.CharField(max_length=120, blank=True)
    employee_id = models.CharField(max_length=32, blank=True)
    body = models.TextField()
    internal = models.BooleanField(default=False)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    redactions = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_timeline")]

    def __str__(self) -> str:
        return f"message {self.pk} on {self.ticket_id}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Content-addressed, outside any guessable URL: files are served only through access checks.
    return f"evidence/{instance.ticket.platform_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by_role = models.CharField(max_length=16, choices=AuthorRole.choices)
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class TicketEvent(models.Model):
    """The timeline: every change, with who made it and why."""

    # No own index: "event_timeline" (ticket, created_at) serves every lookup by ticket, and
    # each extra index is one more page written per event.
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_role = models.CharField(max_length=16)
    actor_name = models.CharField(max_length=120, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_timeline")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.ticket_id}"


class Rating(models.Model):
    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="rating")
    attitude = models.PositiveSmallIntegerField()
    speed = models.PositiveSmallIntegerField()
    satisfaction = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(attitude__gte=1, attitude__lte=5)
                & Q(speed__gte=1, speed__lte=5)
                & Q(satisfaction__gte=1, satisfaction__lte=5),
                name="rating_scales_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"rating of {self.ticket_id}"


class LinkRelation(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate")
    COLLECTIVE = "collective", _("Collective complaint")
    RELATED = "related", _("Related")


class TicketLink(models.Model):
    from_ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    to_ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    relation = models.CharField(max_length=16, choices=LinkRelation.choices)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_ticket", "to_ticket", "relation"], name="ticket_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_ticket_id} {self.relation} {self.to_ticket_id}"


class Macro(models.Model):
    """A canned response; placeholders like {requester_name}, {reference}, {agent_name}."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="macros")
    title = models.CharField(max_length=120)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["platform_id", "title"]

    def __str__(self) -> str:
        return self.title
