"""The verify box, the fake-channel report form and a platform's list of confirmed fakes.

Thin: parse the form, call one selector or service, render.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kefu.accounts.actors import actor_for_user
from kefu.common.clients import client_address
from kefu.common.errors import DomainError, NotFound
from kefu.platforms import services
from kefu.platforms.selectors import (
    VerifyResult,
    fake_channels_for_platform,
    platform_get,
    verify_check,
)
from kefu.portal.forms import apply_domain_error
from kefu.portal.verify_forms import ScamReportForm, VerifyForm
from kefu.verify import Status


def verdict_title(result: VerifyResult) -> str:
    """The one line a user reads first, in the verdict's colour."""
    status, name = result.verdict.status, result.platform_name
    if status == Status.OFFICIAL:
        return _("Official channel of %(platform)s") % {"platform": name}
    if status == Status.REPORTED:
        if name:
            return _("Confirmed scam: impersonates %(platform)s") % {"platform": name}
        return _("Confirmed scam channel")
    if status == Status.IMPERSONATION:
        return _("Not official: imitates %(platform)s") % {"platform": name}
    return _("Not in the registry: that does not make it safe")


def _report_link(value: str, result: VerifyResult) -> str:
    params = {"value": value}
    if result.verdict.channel_kind:
        params["kind"] = result.verdict.channel_kind
    if result.verdict.platform:
        params["platform"] = result.verdict.platform
    return f"{reverse('portal:report')}?{urlencode(params)}"


def result_context(value: str) -> dict[str, Any]:
    result = verify_check(value=value)
    return {
        "result": result,
        "status": str(result.verdict.status),
        "title": verdict_title(result),
        "value": value,
        "report_url": _report_link(value, result),
    }


def verify(request: HttpRequest) -> HttpResponse:
    """POST (the box, with or without htmx) or GET ?value= (a link someone shared)."""
    data = request.POST if request.method == "POST" else request.GET
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    form = VerifyForm(data if "value" in data else None)
    context: dict[str, Any] = {"verify_form": form}
    status = 200
    if form.is_bound:
        if form.is_valid():
            context.update(result_context(form.cleaned_data["value"]))
        else:
            status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "portal/verify.html#result", context, status=status)
    return render(request, "portal/verify.html", context, status=status)


def report(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ScamReportForm(request.POST, request.FILES)
    else:
        initial = {key: request.GET.get(key, "")[:2048] for key in ("value", "kind", "platform")}
        form = ScamReportForm(initial=initial)
    status = 200
    if form.is_bound:
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                submitted = services.scam_report_submit(
                    actor=actor_for_user(request.user),
                    client=client_address(request),
                    value=data["value"],
                    kind=data["kind"] or None,
                    platform=data["platform"] or None,
                    description=data["description"],
                    evidence=data["evidence"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                request.session["kefu_report_sent"] = {
                    "count": submitted.report.count,
                    "redacted": bool(submitted.redactions),
                }
                return redirect("portal:report_sent")
    return render(request, "portal/report.html", {"form": form}, status=status)


@require_GET
def report_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.pop("kefu_report_sent", None)
    if sent is None:
        return redirect("portal:report")
    return render(request, "portal/report_sent.html", {"sent": sent})


@require_GET
def fake_channels(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        platform = platform_get(slug=slug)
    except NotFound:
        raise Http404(slug) from None
    context = {"platform": platform, "fakes": fake_channels_for_platform(platform=platform)}
    return render(request, "portal/fake_channels.html", context)
