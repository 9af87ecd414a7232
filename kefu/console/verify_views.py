"""Moderation (site moderators) and official-channel management (platform admins).

404 for everyone else. Views parse, call one selector or service, and render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kefu.accounts.actors import Actor, actor_for_user
from kefu.common.errors import DomainError, NotFound
from kefu.platforms import selectors, services
from kefu.platforms.models import ChannelKind, Platform
from kefu.portal.forms import apply_domain_error


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ChannelKind.choices)
    value = forms.CharField(label=gettext_lazy("Value"), max_length=255)
    label = forms.CharField(label=gettext_lazy("Label"), max_length=120, required=False)
    source = forms.CharField(
        label=gettext_lazy("Where was this checked?"),
        max_length=500,
        help_text=gettext_lazy(
            "A page of your own site that lists this channel, and the date you checked it."
        ),
    )


class DecisionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), max_length=2000, required=False)


@login_required
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    try:
        context = {
            "reports": selectors.scam_reports_pending(actor=actor),
            "changes": selectors.change_requests_pending(actor=actor),
            "entries": selectors.audit_entries_recent(actor=actor),
        }
    except NotFound:
        raise Http404("moderation") from None
    return render(request, "console/moderation.html", context)


def _decide(
    request: HttpRequest, fetch: Callable[[Actor], Any], decide: Callable[..., Any], done: str
) -> HttpResponse:
    actor = actor_for_user(request.user)
    try:
        target = fetch(actor)
    except NotFound:
        raise Http404("moderation") from None
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        decide(actor=actor, target=target, note=note)
    except NotFound:
        raise Http404("moderation") from None
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, done)
    return redirect("console:moderation")


@login_required
@require_POST
def report_confirm(request: HttpRequest, report_id: int) -> HttpResponse:
    return _decide(
        request,
        lambda actor: selectors.scam_report_get_for_moderator(actor=actor, report_id=report_id),
        lambda actor, target, note: services.scam_report_confirm(
            actor=actor, report=target, note=note
        ),
        _("Confirmed: verify now warns about it."),
    )


@login_required
@require_POST
def report_reject(request: HttpRequest, report_id: int) -> HttpResponse:
    return _decide(
        request,
        lambda actor: selectors.scam_report_get_for_moderator(actor=actor, report_id=report_id),
        lambda actor, target, note: services.scam_report_reject(
            actor=actor, report=target, note=note
        ),
        _("Report rejected."),
    )


@login_required
@require_POST
def change_approve(request: HttpRequest, request_id: int) -> HttpResponse:
    return _decide(
        request,
        lambda actor: selectors.change_request_get_for_moderator(
            actor=actor, request_id=request_id
        ),
        lambda actor, target, note: services.channel_change_request_approve(
            actor=actor, change=target, note=note
        ),
        _("Change approved and applied."),
    )


@login_required
@require_POST
def change_reject(request: HttpRequest, request_id: int) -> HttpResponse:
    return _decide(
        request,
        lambda actor: selectors.change_request_get_for_moderator(
            actor=actor, request_id=request_id
        ),
        lambda actor, target, note: services.channel_change_request_reject(
            actor=actor, change=target, note=note
        ),
        _("Change rejected."),
    )


# -- a platform's official channels (its admins) ----------------------------------------------


def _channel_admin(request: HttpRequest, slug: str) -> tuple[Platform, Actor]:
    actor = actor_for_user(request.user)
    try:
        return selectors.platform_get_for_channel_admin(actor=actor, slug=slug), actor
    except NotFound:
        raise Http404(slug) from None


@login_required
def channels(request: HttpRequest, slug: str) -> HttpResponse:
    platform, actor = _channel_admin(request, slug)
    form = ChannelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                change = services.channel_add(actor=actor, platform=platform, **form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                if change.pending:
                    messages.warning(
                        request,
                        _("Saved as a request: a site moderator must approve a website or e-mail."),
                    )
                else:
                    messages.success(request, _("Channel added."))
                return redirect("console:admin_channels", slug=platform.slug)
    context = {
        "platform": platform,
        "section": "channels",
        "channels": selectors.channels_for_admin(actor=actor, platform=platform),
        "changes": selectors.change_requests_for_platform(actor=actor, platform=platform),
        "form": form,
    }
    return render(request, "console/admin_channels.html", context, status=status)


@login_required
@require_POST
def channel_remove(request: HttpRequest, slug: str, channel_id: int) -> HttpResponse:
    platform, actor = _channel_admin(request, slug)
    try:
        channel = selectors.channel_get_for_admin(
            actor=actor, platform=platform, channel_id=channel_id
        )
        change = services.channel_remove(actor=actor, channel=channel)
    except NotFound:
        raise Http404(str(channel_id)) from None
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        if change.pending:
            messages.warning(
                request, _("Saved as a request: a site moderator must approve a website or e-mail.")
            )
        else:
            messages.success(request, _("Channel removed."))
    return redirect("console:admin_channels", slug=platform.slug)


@login_required
@require_GET
def report_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """A report's evidence file, for moderators only; served as a download, never inline."""
    actor = actor_for_user(request.user)
    try:
        evidence = selectors.scam_report_evidence_get_for_moderator(
            actor=actor, evidence_id=evidence_id
        )
    except NotFound:
        raise Http404("evidence") from None
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
