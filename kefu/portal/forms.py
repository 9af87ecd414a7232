"""The portal's forms: they check the shape of the input only. Rules live in the services."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu import chains
from kefu.chains.registry import CHAINS
from kefu.common.errors import DomainError
from kefu.tickets.chainrefs import CHAIN_REF_MESSAGES
from kefu.tickets.models import Category, DesiredOutcome, Kind

# Chain reference messages by the engine's stable code, so they can be shown translated.


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=Kind.choices,
        initial=Kind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("What went wrong?"),
        choices=Category.choices,
        initial=Category.OTHER,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("One line, for example: my withdrawal has not arrived for three days."),
    )
    body = forms.CharField(
        label=_("What happened?"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "Times, amounts, what support told you. Never write your seed phrase, private key or "
            "password: nobody needs them to help you."
        ),
    )
    desired_outcomes = forms.MultipleChoiceField(
        label=_("What do you want?"),
        choices=DesiredOutcome.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    claim_amount = forms.DecimalField(
        label=_("Amount claimed"),
        required=False,
        max_digits=24,
        decimal_places=8,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    claim_currency = forms.CharField(
        label=_("Currency or token"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"placeholder": "USDT", "autocapitalize": "characters"}),
    )
    incident_at = forms.DateTimeField(
        label=_("When did it happen? (Beijing time)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=LocalDateTimeInput(),
    )
    staff_name = forms.CharField(label=_("Staff member's name"), required=False, max_length=120)
    staff_employee_id = forms.CharField(
        label=_("Staff member's employee ID"), required=False, max_length=32
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        help_text=_("Optional: we send updates and your reference here."),
    )
    contact_phone = forms.CharField(
        label=_("Your phone"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    evidence = MultipleFileField(
        label=_("Evidence (screenshots, chat exports, e-mails, recordings)"),
        required=False,
        help_text=_("You can choose several files. Each one is fingerprinted (SHA-256)."),
    )

    def __init__(self, *args: Any, time_zone: str = "Asia/Shanghai", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone

    def clean_incident_at(self) -> datetime | None:
        value: datetime | None = self.cleaned_data.get("incident_at")
        if value is None:
            return None
        # The browser sends a wall-clock time: read it in the platform's zone.
        return value.replace(tzinfo=None).replace(tzinfo=ZoneInfo(self.time_zone))

    def contact(self) -> dict[str, str]:
        data = self.cleaned_data
        contact = {"email": data.get("contact_email", ""), "phone": data.get("contact_phone", "")}
        return {key: value.strip() for key, value in contact.items() if value and value.strip()}


REF_KIND_CHOICES = [("txid", _("Transaction hash")), ("address", _("Address"))]


class ChainRefForm(forms.Form):
    chain = forms.ChoiceField(
        label=_("Chain"),
        required=False,
        choices=[("", "—")] + [(key, chain.label) for key, chain in CHAINS.items()],
    )
    ref_kind = forms.ChoiceField(label=_("Type"), choices=REF_KIND_CHOICES, initial="txid")
    value = forms.CharField(
        label=_("Transaction hash or address"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chain, value = data.get("chain"), (data.get("value") or "").strip()
        if not value:
            return data
        if not chain:
            self.add_error("chain", _("Choose a chain from the list."))
            return data
        try:
            chains.validate_ref({"chain": chain, data.get("ref_kind") or "txid": value})
        except chains.ChainRefError as exc:
            self.add_error("value", CHAIN_REF_MESSAGES.get(exc.message_code, exc.message))
        return data

    def as_ref(self) -> dict[str, str] | None:
        data = self.cleaned_data
        value = (data.get("value") or "").strip()
        if not value:
            return None
        return {"chain": data.get("chain") or "", data.get("ref_kind") or "txid": value}


ChainRefFormSet = forms.formset_factory(ChainRefForm, extra=3, max_num=10, absolute_max=10)


class TrackLookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"placeholder": "KF-XXXX-XXXX", "autocapitalize": "characters"}
        ),
    )
    token = forms.CharField(
        label=_("Access code"),
        max_length=120,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(label=_("Add a file"), required=False)


class ReasonForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


SCORE_CHOICES = [(n, str(n)) for n in range(5, 0, -1)]


class RatingForm(forms.Form):
    attitude = forms.TypedChoiceField(
        label=_("Attitude"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    speed = forms.TypedChoiceField(
        label=_("Speed"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def apply_errors(form: forms.Form, errors: list[Any], mapping: dict[str, str]) -> None:
    """Put a service's FieldErrors on the form fields they name (unknown ones on top)."""
    for error in errors:
        name = error.field.split("[", 1)[0]
        name = mapping.get(error.field, mapping.get(name, name))
        form.add_error(name if name in form.fields else None, error.message)


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    """A refused service call on the form: its field errors where they belong, else its
    detail on top (the form must say why, never re-show silently)."""
    apply_errors(form, exc.errors, {})
    if not exc.errors:
        form.add_error(None, exc.detail)
