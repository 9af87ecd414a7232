from django.db import models
from django.utils.translation import gettext_lazy as _


class BreachKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    RESOLUTION = "resolution", _("Resolution")


class SlaBreach(models.Model):
    """A missed deadline, kept for metrics even after the ticket moves on."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="breaches")
    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE)
    kind = models.CharField(max_length=24, choices=BreachKind.choices)
    due_at = models.DateTimeField()
    breached_at = models.DateTimeField()
    tier_before = models.PositiveSmallIntegerField()
    tier_after = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            # The same deadline is breached once, however many sweepers see it.
            models.UniqueConstraint(fields=["ticket", "kind", "due_at"], name="sla_breach_once")
        ]
        indexes = [models.Index(fields=["platform", "breached_at"], name="breach_metrics")]

    def __str__(self) -> str:
        return f"{self.kind} breach on {self.ticket_id}"


class OnCallShift(models.Model):
    """Who answers for a tier of a platform during a period (the escalation roster)."""

    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE)
    tier = models.PositiveSmallIntegerField()
    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["platform", "tier", "starts_at"], name="oncall_lookup")]

    def __str__(self) -> str:
        return f"tier {self.tier} on call: {self.membership_id}"


class PeriodicRun(models.Model):
    """One row per (job, time slot): several workers schedule each periodic job once."""

    name = models.CharField(max_length=64)
    slot = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="periodic_run_once")]

    def __str__(self) -> str:
        return f"{self.name}@{self.slot}"
