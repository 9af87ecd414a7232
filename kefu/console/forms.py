"""The console's forms: input shape only; the services decide what is allowed."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.accounts.models import Membership, Role
from kefu.portal.forms import LocalDateTimeInput
from kefu.tickets.models import (
    Category,
    CompensationDecision,
    LinkRelation,
    Priority,
    ResolutionType,
    Status,
)

QUEUES = ["mine", "unassigned", "active", "breached", "all"]


def _blank(choices: list[tuple[str, str]], label: str = "—") -> list[tuple[str, str]]:
    return [("", label), *choices]


class QueueFilterForm(forms.Form):
    queue = forms.ChoiceField(choices=[(q, q) for q in QUEUES], required=False)
    platform = forms.CharField(required=False, max_length=64)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_blank(Status.choices))
    tier = forms.TypedChoiceField(
        label=_("Tier"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank([(str(n), str(n)) for n in range(1, 5)]),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_blank(Category.choices)
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "data-key-search": "", "placeholder": _("Reference or words")}
        ),
    )
    cursor = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6, "data-key-reply": "", "id": "reply-body"}),
    )
    internal = forms.BooleanField(
        label=_("Internal note (the requester does not see it)"), required=False
    )
    file = forms.FileField(label=_("Attach a file"), required=False)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class UpdateForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=Status.choices)
    priority = forms.ChoiceField(label=_("Priority"), required=False, choices=Priority.choices)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=Category.choices)
    resolution_type = forms.ChoiceField(
        label=_("Resolution"), required=False, choices=_blank(ResolutionType.choices)
    )
    resolution_summary = forms.CharField(
        label=_("Resolution summary (the requester sees it)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssignForm(VersionedForm):
    employee_id = forms.CharField(label=_("Assign to employee ID"), required=False, max_length=32)


class EscalateForm(forms.Form):
    tier = forms.TypedChoiceField(
        label=_("To tier"), coerce=int, choices=[(str(n), str(n)) for n in range(2, 5)]
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LinkForm(forms.Form):
    reference = forms.CharField(label=_("Other reference"), max_length=16)
    relation = forms.ChoiceField(label=_("Relation"), choices=LinkRelation.choices)


class CompensationForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=CompensationDecision.choices)
    amount = forms.DecimalField(label=_("Amount"), required=False, max_digits=24, decimal_places=8)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=16)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=120)
    employee_id = forms.CharField(label=_("Employee ID"), max_length=32)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.AGENT)
    tier = forms.TypedChoiceField(
        label=_("Tier"), coerce=int, choices=[(str(n), str(n)) for n in range(1, 5)], initial="1"
    )
    password = forms.CharField(
        label=_("Initial password (new users only)"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class MacroForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Placeholders: {requester_name} {reference} {agent_name} {employee_id}"),
    )


class PlatformTextsForm(forms.Form):
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120)
    description_zh = forms.CharField(
        label=_("Description (Chinese)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OnCallShiftForm(forms.Form):
    """A shift in the platform's own time zone (the roster is read in local time)."""

    membership = forms.TypedChoiceField(label=_("Staff member"), coerce=int, choices=[])
    tier = forms.TypedChoiceField(
        label=_("On call for tier"),
        coerce=int,
        choices=[(str(n), str(n)) for n in range(1, 5)],
        initial="2",
    )
    starts_at = forms.DateTimeField(label=_("From"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Until"), widget=LocalDateTimeInput())

    def __init__(
        self, *args: Any, members: list[Membership], time_zone: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.fields["membership"].choices = [
            (str(m.pk), f"{m.display_name} ({m.employee_id}) · {_('tier')} {m.tier}")
            for m in members
        ]

    def _local(self, name: str) -> datetime | None:
        value: datetime | None = self.cleaned_data.get(name)
        if value is None:
            return None
        return value.replace(tzinfo=None).replace(tzinfo=ZoneInfo(self.time_zone))

    def clean_starts_at(self) -> datetime | None:
        return self._local("starts_at")

    def clean_ends_at(self) -> datetime | None:
        return self._local("ends_at")
