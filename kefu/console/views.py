"""The agent console: parse, call one selector or service, render. Rules live in the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kefu.accounts.actors import Actor, actor_for_user
from kefu.accounts.models import Role
from kefu.common.errors import DomainError, NotFound, VersionConflict
from kefu.console import presenters
from kefu.console import selectors as console_selectors
from kefu.console.forms import (
    QUEUES,
    AssignForm,
    CompensationForm,
    EscalateForm,
    LinkForm,
    QueueFilterForm,
    StaffReplyForm,
    UpdateForm,
)
from kefu.portal import presenters as timeline_presenters
from kefu.portal.downloads import attachment_response
from kefu.portal.forms import apply_errors
from kefu.portal.selectors import attachment_get_for_actor
from kefu.tickets import permissions, selectors, services
from kefu.tickets.models import DesiredOutcome, Ticket
from kefu.tickets.presenters import is_breached
from kefu.tickets.services.staff import TicketPatch
from kefu.tickets.transitions import Side, allowed_targets

PAGE_SIZE = 25


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    platforms = console_selectors.console_platforms(actor=actor)
    if not platforms:
        return render(request, "console/not_staff.html", status=403)
    form = QueueFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    platform = next((p for p in platforms if p.slug == data.get("platform")), platforms[0])
    queue = data.get("queue") or "mine"
    filters = selectors.TicketFilters(
        platform=platform.slug,
        status=data.get("status") or None,
        tier=data.get("tier"),
        category=data.get("category") or None,
        q=data.get("q") or None,
        queue=None if queue == "all" else queue,
    )
    try:
        tickets, next_cursor = selectors.ticket_page_for_staff(
            actor=actor, filters=filters, cursor=data.get("cursor") or None, limit=PAGE_SIZE
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
        tickets, next_cursor = selectors.ticket_page_for_staff(
            actor=actor, filters=filters, limit=PAGE_SIZE
        )
    counts = selectors.queue_counts(actor=actor, platform_id=platform.pk)
    base = request.GET.copy()
    base.pop("cursor", None)
    tabs = []
    for name in QUEUES:
        params = base.copy()
        params["queue"] = name
        params["platform"] = platform.slug
        tabs.append(
            {
                "name": name,
                "label": QUEUE_LABELS[name],
                "count": counts.get(name),
                "query": params.urlencode(),
                "current": name == queue,
            }
        )
    next_params = base.copy()
    if next_cursor:
        next_params["cursor"] = next_cursor
    context = {
        "platforms": platforms,
        "platform": platform,
        "membership": actor.membership(platform.pk),
        "is_admin": permissions.can_manage_platform(actor, platform.pk),
        "form": form,
        "queue": queue,
        "tabs": tabs,
        "rows": [
            {"ticket": t, "due": presenters.next_due(t), "breached": is_breached(t)}
            for t in tickets
        ],
        "next_query": next_params.urlencode() if next_cursor else "",
    }
    return render(request, "console/queue.html", context)


QUEUE_LABELS = {
    "mine": gettext_lazy("Mine"),
    "unassigned": gettext_lazy("Unassigned"),
    "active": gettext_lazy("All open"),
    "breached": gettext_lazy("Breached"),
    "all": gettext_lazy("Everything"),
}


def _staff_ticket(request: HttpRequest, reference: str) -> tuple[Ticket, Actor]:
    """The ticket if the signed-in user is staff of its platform; 404 for everyone else."""
    actor = actor_for_user(request.user)
    try:
        ticket = selectors.ticket_get_for_actor(actor=actor, reference=reference)
    except NotFound:
        raise Http404(reference) from None
    if not permissions.is_staff_of(actor, ticket):
        raise Http404(reference)
    return ticket, actor


@login_required
@require_GET
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    ticket, actor = _staff_ticket(request, reference)
    if reference != ticket.reference:
        return redirect("console:ticket", reference=ticket.reference)
    return _ticket_page(request, ticket, actor)


def _ticket_page(
    request: HttpRequest,
    ticket: Ticket,
    actor: Actor,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    loaded = selectors.ticket_with_timeline(ticket=ticket, include_internal=True)
    membership = actor.membership(loaded.platform_id)
    bound = bound or {}
    version = {"version": loaded.version}
    messages_with_flags = [m for m in loaded.messages.all() if m.flags]
    risk_flags = sorted(set(loaded.risk_flags) | {f for m in messages_with_flags for f in m.flags})
    macros = console_selectors.macros_for_platform(actor=actor, platform_id=loaded.platform_id)
    context = {
        "ticket": loaded,
        "membership": membership,
        "entries": timeline_presenters.timeline(loaded, for_staff=True),
        "attachments": getattr(loaded, "all_attachments", []),
        "risk_flags": risk_flags,
        "outcomes": [_choice_label(DesiredOutcome, o) for o in loaded.desired_outcomes],
        "due": presenters.next_due(loaded),
        "breached": is_breached(loaded),
        "macros": [
            (m, presenters.macro_fill(m, ticket=loaded, membership=membership)) for m in macros
        ],
        "staff": console_selectors.staff_for_platform(actor=actor, platform_id=loaded.platform_id),
        "status_targets": allowed_targets(loaded.status, Side.STAFF),
        "may_compensate": actor.has_role(loaded.platform_id, Role.SUPERVISOR),
        "reply_form": bound.get("reply") or StaffReplyForm(),
        "update_form": bound.get("update")
        or UpdateForm(
            initial={
                **version,
                "status": loaded.status,
                "priority": loaded.priority,
                "category": loaded.category,
            }
        ),
        "assign_form": bound.get("assign") or AssignForm(initial=version),
        "escalate_form": bound.get("escalate")
        or EscalateForm(initial={"tier": min(loaded.tier + 1, 4)}),
        "link_form": bound.get("link") or LinkForm(),
        "compensation_form": bound.get("compensation")
        or CompensationForm(
            initial={
                "currency": loaded.claim_currency,
                "amount": loaded.claim_amount,
            }
        ),
    }
    return render(request, "console/ticket.html", context, status=status)


def _choice_label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _act(
    name: str, form_class: type[forms.Form], call: Callable[[Actor, Ticket, dict[str, Any]], str]
) -> Callable[[HttpRequest, str], HttpResponse]:
    """A POST view: validate the form, call the service, redirect or re-show with its errors."""

    @login_required
    @require_POST
    def view(request: HttpRequest, reference: str) -> HttpResponse:
        ticket, actor = _staff_ticket(request, reference)
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            return _ticket_page(request, ticket, actor, status=422, bound={name: form})
        try:
            done = call(actor, ticket, form.cleaned_data)
        except VersionConflict as exc:
            form.add_error(
                None, _("Someone changed this ticket first. Check the page and try again.")
            )
            form.add_error(None, exc.detail)
            fresh, _actor = _staff_ticket(request, reference)
            return _ticket_page(request, fresh, actor, status=exc.status, bound={name: form})
        except DomainError as exc:
            apply_errors(form, exc.errors, FIELD_NAMES)
            form.add_error(None, exc.detail)
            return _ticket_page(request, ticket, actor, status=exc.status, bound={name: form})
        messages.success(request, done)
        return redirect("console:ticket", reference=ticket.reference)

    view.__name__ = f"ticket_{name}"
    return view


# Service field names → form field names.
FIELD_NAMES = {
    "resolution.type": "resolution_type",
    "resolution.summary": "resolution_summary",
    "assignee": "employee_id",
}


def _reply(actor: Actor, ticket: Ticket, data: dict[str, Any]) -> str:
    result = services.ticket_reply(
        actor=actor, ticket=ticket, body=data["body"], internal=data["internal"]
    )
    if data.get("file"):
        services.ticket_attach(
            actor=actor, ticket=ticket, upload=data["file"], internal=data["internal"]
        )
    if result.redactions:
        return _("Sent. Secrets were hidden from it before saving.")
    return _("Internal note saved.") if data["internal"] else _("Reply sent.")


def _update(actor: Actor, ticket: Ticket, data: dict[str, Any]) -> str:
    patch = TicketPatch(
        status=data["status"] or None,
        priority=data["priority"] or None,
        category=data["category"] or None,
        resolution_type=data["resolution_type"] or None,
        resolution_summary=data["resolution_summary"] or None,
    )
    services.ticket_update(
        actor=actor, ticket=ticket, patch=patch, expected_version=data["version"]
    )
    return _("Ticket updated.")


def _assign(actor: Actor, ticket: Ticket, data: dict[str, Any]) -> str:
    employee_id = data["employee_id"].strip()
    patch = TicketPatch(assignee=employee_id)
    services.ticket_update(
        actor=actor, ticket=ticket, patch=patch, expected_version=data["version"]
    )
    return _("Assigned to %(id)s.") % {"id": employee_id} if employee_id else _("Unassigned.")


def _escalate(actor: Actor, ticket: Ticket, data: dict[str, Any]) -> str:
    services.ticket_escalate(actor=actor, ticket=ticket, tier=data["tier"], reason=data["reason"])
    return _("Escalated to tier %(tier)d.") % {"tier": data["tier"]}


def _link(actor: Actor, ticket: Ticket, data: dict[str, Any]) -> str:
    services.ticket_link(
        actor=actor, ticket=ticket, other_reference=data["reference"], relation=data["relation"]
    )
    return _("Linked with %(reference)s.") % {"reference": data["reference"].strip().upper()}


def _compensation(actor: Actor, ticket: Ticket, data: dict[str, Any]) -> str:
    services.ticket_decide_compensation(
        actor=actor,
        ticket=ticket,
        decision=data["decision"],
        amount=data["amount"],
        currency=data["currency"] or "",
        reason=data["reason"],
    )
    return _("Compensation decision recorded.")


ticket_reply = _act("reply", StaffReplyForm, _reply)
ticket_update = _act("update", UpdateForm, _update)
ticket_assign = _act("assign", AssignForm, _assign)
ticket_escalate = _act("escalate", EscalateForm, _escalate)
ticket_link = _act("link", LinkForm, _link)
ticket_compensation = _act("compensation", CompensationForm, _compensation)


@login_required
@require_GET
def attachment_download(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponse:
    ticket, actor = _staff_ticket(request, reference)
    return attachment_response(
        attachment_get_for_actor(actor=actor, ticket=ticket, pk=attachment_id)
    )
