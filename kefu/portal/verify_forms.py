"""Forms of the verify box and the fake-channel report: input shape only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.platforms.models import ChannelKind
from kefu.platforms.selectors import platform_list
from kefu.portal.forms import MultipleFileField

VALUE_ATTRS = {
    "autocomplete": "off",
    "autocapitalize": "off",
    "autocorrect": "off",
    "spellcheck": "false",
    "enterkeyhint": "go",
}


class VerifyForm(forms.Form):
    """The box itself is plain HTML in portal/verify.html (it sits on several pages)."""

    value = forms.CharField(
        max_length=2048,
        strip=True,
        error_messages={"required": _("Paste what you want to check.")},
    )


class ScamReportForm(forms.Form):
    value = forms.CharField(
        label=_("The fake website, e-mail, account or phone number"),
        max_length=2048,
        widget=forms.TextInput(attrs=VALUE_ATTRS),
    )
    kind = forms.ChoiceField(
        label=_("What is it?"),
        required=False,
        choices=[("", _("Not sure")), *ChannelKind.choices],
    )
    platform = forms.ChoiceField(label=_("Which platform does it pretend to be?"), required=False)
    description = forms.CharField(
        label=_("What happened?"),
        required=False,
        max_length=2000,
        help_text=_(
            "Where you saw it and what it asked for. Never write your seed phrase, private key "
            "or password here."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = MultipleFileField(
        label=_("Screenshots or chat exports (optional)"),
        required=False,
        help_text=_("Up to 5 files. Each is hashed; a file that shows a secret is refused."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", _("Not sure"))] + [(p.slug, p.name) for p in platform_list()]
        self.fields["platform"].choices = choices  # type: ignore[attr-defined]
