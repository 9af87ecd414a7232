from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.common.models import TimeStampedModel
from kefu.platforms.models import Platform


class User(AbstractUser):
    """Anyone who signs in: requesters with an account, platform staff, site staff."""

    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    language = models.CharField(max_length=10, default="zh-hans")
    is_moderator = models.BooleanField(default=False)
    is_auditor = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Platform admin")


ROLE_RANK = {Role.AGENT: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}


class Membership(TimeStampedModel):
    """A staff user's role on one platform; the employee ID (工号) is shown to requesters."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    display_name = models.CharField(_("display name"), max_length=120)
    employee_id = models.CharField(_("employee ID"), max_length=32)
    tier = models.PositiveSmallIntegerField(default=1)
    is_available = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    compensation_limit = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        ordering = ["platform_id", "display_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "platform"], name="membership_user_platform"),
            models.UniqueConstraint(
                fields=["platform", "employee_id"], name="membership_platform_employee_id"
            ),
        ]
        indexes = [
            models.Index(
                fields=["platform", "is_available", "tier", "last_assigned_at"],
                name="membership_round_robin",
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.employee_id})"

    @property
    def rank(self) -> int:
        return ROLE_RANK[Role(self.role)]


class ApiToken(TimeStampedModel):
    """A staff API token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=120, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"
