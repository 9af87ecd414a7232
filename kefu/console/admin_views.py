"""Platform admin pages (role admin only; 404 for everyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kefu.accounts.actors import Actor, actor_for_user
from kefu.common import clock
from kefu.common.errors import DomainError, NotFound
from kefu.console import selectors, services
from kefu.console.forms import MacroForm, MemberForm, OnCallShiftForm, PlatformTextsForm
from kefu.platforms.models import Platform
from kefu.portal.forms import apply_domain_error, apply_errors
from kefu.sla.services import oncall_shift_add, oncall_shift_delete
from kefu.tickets.models import Macro


def _admin_platform(request: HttpRequest, slug: str) -> tuple[Platform, Actor]:
    actor = actor_for_user(request.user)
    try:
        return selectors.platform_get_for_admin(actor=actor, slug=slug), actor
    except NotFound:
        raise Http404(slug) from None


def _admin_macro(request: HttpRequest, slug: str, macro_id: int) -> tuple[Macro, Actor]:
    platform, actor = _admin_platform(request, slug)
    try:
        return selectors.macro_get_for_admin(
            actor=actor, platform=platform, macro_id=macro_id
        ), actor
    except NotFound:
        raise Http404(str(macro_id)) from None


@login_required
def staff(request: HttpRequest, slug: str) -> HttpResponse:
    platform, actor = _admin_platform(request, slug)
    form = MemberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                member = services.staff_member_add(
                    actor=actor,
                    platform=platform,
                    username=data["username"],
                    display_name=data["display_name"],
                    employee_id=data["employee_id"],
                    role=data["role"],
                    tier=data["tier"],
                    password=data["password"],
                )
            except DomainError as exc:
                apply_errors(form, exc.errors, {})
                form.add_error(None, exc.detail)
                status = exc.status
            else:
                messages.success(request, _("Saved: %(name)s.") % {"name": str(member)})
                return redirect("console:admin_staff", slug=platform.slug)
        else:
            status = 422
    context = {
        "platform": platform,
        "section": "staff",
        "members": selectors.staff_for_platform(actor=actor, platform_id=platform.pk),
        "form": form,
    }
    return render(request, "console/admin_staff.html", context, status=status)


@login_required
@require_POST
def staff_availability(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    platform, actor = _admin_platform(request, slug)
    available = request.POST.get("available") == "1"
    try:
        member = services.staff_availability_set(
            actor=actor, platform=platform, membership_id=membership_id, available=available
        )
    except NotFound:
        raise Http404(str(membership_id)) from None
    if available:
        messages.success(request, _("%(name)s is available.") % {"name": str(member)})
    else:
        messages.success(request, _("%(name)s is away.") % {"name": str(member)})
    return redirect("console:admin_staff", slug=platform.slug)


@login_required
def macros(request: HttpRequest, slug: str) -> HttpResponse:
    platform, actor = _admin_platform(request, slug)
    form = MacroForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.macro_create(actor=actor, platform=platform, **form.cleaned_data)
            except DomainError as exc:
                apply_errors(form, exc.errors, {})
                status = exc.status
            else:
                messages.success(request, _("Canned response saved."))
                return redirect("console:admin_macros", slug=platform.slug)
        else:
            status = 422
    context = {
        "platform": platform,
        "section": "macros",
        "macros": selectors.macros_for_platform(actor=actor, platform_id=platform.pk),
        "form": form,
    }
    return render(request, "console/admin_macros.html", context, status=status)


@login_required
def macro_edit(request: HttpRequest, slug: str, macro_id: int) -> HttpResponse:
    macro, actor = _admin_macro(request, slug, macro_id)
    form = MacroForm(request.POST or None, initial={"title": macro.title, "body": macro.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.macro_update(actor=actor, macro=macro, **form.cleaned_data)
            except DomainError as exc:
                apply_errors(form, exc.errors, {})
                status = exc.status
            else:
                messages.success(request, _("Canned response saved."))
                return redirect("console:admin_macros", slug=slug)
        else:
            status = 422
    context = {"platform": macro.platform, "section": "macros", "macro": macro, "form": form}
    return render(request, "console/admin_macro_form.html", context, status=status)


@login_required
@require_POST
def macro_delete(request: HttpRequest, slug: str, macro_id: int) -> HttpResponse:
    macro, actor = _admin_macro(request, slug, macro_id)
    services.macro_delete(actor=actor, macro=macro)
    messages.success(request, _("Canned response deleted."))
    return redirect("console:admin_macros", slug=slug)


@login_required
def texts(request: HttpRequest, slug: str) -> HttpResponse:
    platform, actor = _admin_platform(request, slug)
    initial = {
        "name_zh": platform.name_zh,
        "name_en": platform.name_en,
        "description_zh": platform.description_zh,
        "description_en": platform.description_en,
    }
    form = PlatformTextsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.platform_texts_update(actor=actor, platform=platform, **form.cleaned_data)
            except DomainError as exc:
                apply_errors(form, exc.errors, {})
                status = exc.status
            else:
                messages.success(request, _("Platform texts saved."))
                return redirect("console:admin_texts", slug=platform.slug)
        else:
            status = 422
    context = {"platform": platform, "section": "texts", "form": form}
    return render(request, "console/admin_texts.html", context, status=status)


@login_required
def oncall(request: HttpRequest, slug: str) -> HttpResponse:
    """The escalation roster: who answers for each tier, when (docs/sla.md)."""
    platform, actor = _admin_platform(request, slug)
    members = selectors.staff_for_platform(actor=actor, platform_id=platform.pk)
    form = OnCallShiftForm(request.POST or None, members=members, time_zone=platform.time_zone)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                shift = oncall_shift_add(
                    actor=actor,
                    platform=platform,
                    membership_id=data["membership"],
                    tier=data["tier"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request, _("%(name)s is on call.") % {"name": shift.membership.display_name}
                )
                return redirect("console:admin_oncall", slug=platform.slug)
        else:
            status = 422
    now = clock.now()
    context = {
        "platform": platform,
        "section": "oncall",
        "shifts": selectors.oncall_for_platform(actor=actor, platform_id=platform.pk, now=now),
        "now": now,
        "tz": platform.time_zone,
        "form": form,
    }
    return render(request, "console/admin_oncall.html", context, status=status)


@login_required
@require_POST
def oncall_delete(request: HttpRequest, slug: str, shift_id: int) -> HttpResponse:
    platform, actor = _admin_platform(request, slug)
    try:
        oncall_shift_delete(actor=actor, platform=platform, shift_id=shift_id)
    except NotFound:
        raise Http404(str(shift_id)) from None
    messages.success(request, _("Shift removed."))
    return redirect("console:admin_oncall", slug=platform.slug)
