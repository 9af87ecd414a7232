"""The public portal: parse the request, call one selector or service, render. Nothing else."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kefu.accounts.actors import Actor, actor_for_user
from kefu.common.clients import client_address
from kefu.common.errors import DomainError, NotFound, RateLimited
from kefu.common.ratelimit import hit, limit_intake
from kefu.common.shielding import shield_text
from kefu.platforms.models import Platform
from kefu.platforms.selectors import platform_get, platform_list
from kefu.portal import presenters, shieldview
from kefu.portal.downloads import attachment_response
from kefu.portal.forms import (
    ChainRefFormSet,
    ComplaintForm,
    RatingForm,
    ReasonForm,
    ReplyForm,
    TrackLookupForm,
    apply_errors,
)
from kefu.portal.selectors import attachment_get_for_actor
from kefu.sla.selectors import expected_first_response, support_hours
from kefu.tickets import permissions, selectors, services
from kefu.tickets.models import Ticket

# The session remembers, per reference, the access token this browser proved once.
SESSION_TOKENS = "kefu_tokens"
# What the confirmation page shows exactly once after filing.
SESSION_CREATED = "kefu_created"

COMPLAINT_FIELDS = {
    "claim.amount": "claim_amount",
    "claim.currency": "claim_currency",
    "contact": "contact_email",
    "platform": "__all__",
    "staff.name": "staff_name",
    "staff.employee_id": "staff_employee_id",
}


def _platform_or_404(slug: str) -> Platform:
    try:
        return platform_get(slug=slug)
    except NotFound:
        raise Http404(slug) from None


def _remember_token(request: HttpRequest, reference: str, token: str) -> None:
    tokens = dict(request.session.get(SESSION_TOKENS, {}))
    tokens[reference] = token
    request.session[SESSION_TOKENS] = tokens


def _requester_ticket(request: HttpRequest, reference: str) -> tuple[Ticket, Actor]:
    """The ticket this browser may follow as its requester; 404 for anything else."""
    actor = actor_for_user(request.user)
    token = request.session.get(SESSION_TOKENS, {}).get(reference.strip().upper())
    try:
        ticket = selectors.ticket_get_for_actor(
            actor=actor, reference=reference, access_token=token
        )
    except NotFound:
        raise Http404(reference) from None
    actor = selectors.actor_for_ticket(ticket, actor)
    if not permissions.is_requester(actor, ticket):
        raise Http404(reference)
    return ticket, actor


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {"platforms": platform_list(), "lookup_form": TrackLookupForm()},
    )


@require_POST
def track_lookup(request: HttpRequest) -> HttpResponse:
    form = TrackLookupForm(request.POST)
    if form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        token = form.cleaned_data["token"].strip()
        try:
            selectors.ticket_get_for_actor(
                actor=actor_for_user(request.user), reference=reference, access_token=token
            )
        except NotFound:
            # One message for an unknown reference and a wrong code: nothing to probe.
            form.add_error(None, _("No complaint matches this reference and access code."))
        else:
            _remember_token(request, reference, token)
            return redirect("portal:track", reference=reference)
    context = {"platforms": platform_list(), "lookup_form": form}
    return render(request, "portal/home.html", context, status=422)


@require_GET
def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    platform = _platform_or_404(slug)
    return render(request, "portal/platform.html", {"platform": platform, **_support(platform)})


def ticket_new(request: HttpRequest, slug: str) -> HttpResponse:
    platform = _platform_or_404(slug)
    if request.method != "POST":
        form = ComplaintForm(time_zone=platform.time_zone)
        refs = ChainRefFormSet(prefix="chain")
        return render(request, "portal/complaint_form.html", _form_context(platform, form, refs))
    form = ComplaintForm(request.POST, request.FILES, time_zone=platform.time_zone)
    refs = ChainRefFormSet(request.POST, prefix="chain")
    if not (form.is_valid() & refs.is_valid()):
        context = _form_context(platform, form, refs)
        return render(request, "portal/complaint_form.html", context, status=422)
    rows = [(index, ref.as_ref()) for index, ref in enumerate(refs.forms)]
    rows = [(index, ref) for index, ref in rows if ref]
    data = form.cleaned_data
    draft = services.TicketDraft(
        platform=platform.slug,
        kind=data["kind"],
        category=data["category"],
        subject=data["subject"],
        body=data["body"],
        desired_outcomes=list(data["desired_outcomes"]),
        claim_amount=data["claim_amount"],
        claim_currency=data["claim_currency"] or "",
        incident_at=data["incident_at"],
        staff_name=data["staff_name"],
        staff_employee_id=data["staff_employee_id"],
        chain_refs=[ref for _index, ref in rows],
        contact=form.contact(),
    )
    actor = actor_for_user(request.user)
    try:
        opened = services.ticket_open(
            actor=actor, draft=draft, admit=lambda: limit_intake(request, actor)
        )
    except DomainError as exc:
        for error in exc.errors:
            if error.field.startswith("chain_refs["):
                position = int(error.field[len("chain_refs[") :].split("]", 1)[0])
                refs.forms[rows[position][0]].add_error("value", error.message)
            else:
                apply_errors(form, [error], COMPLAINT_FIELDS)
        if not exc.errors:
            form.add_error(None, exc.detail)
        context = _form_context(platform, form, refs)
        return render(request, "portal/complaint_form.html", context, status=exc.status)
    reference = opened.ticket.reference
    accepted, refused = _attach_evidence(actor, opened, data["evidence"])
    _remember_token(request, reference, opened.access_token)
    created = dict(request.session.get(SESSION_CREATED, {}))
    created[reference] = {
        "token": opened.access_token,
        "warnings": [str(w) for w in opened.warnings],
        "redactions": opened.redactions,
        "accepted": accepted,
        "refused": refused,
    }
    request.session[SESSION_CREATED] = created
    return redirect("portal:created", reference=reference)


def _form_context(platform: Platform, form: ComplaintForm, refs: Any) -> dict[str, Any]:
    return {"platform": platform, "form": form, "refs": refs, **_support(platform)}


def _support(platform: Platform) -> dict[str, Any]:
    return {
        "support": support_hours(platform=platform),
        "estimate": expected_first_response(platform=platform),
    }


def _attach_evidence(
    actor: Actor, opened: services.OpenedTicket, uploads: list[Any]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Each file through ticket_attach; a refused file never undoes the ticket or other files."""
    if not uploads:
        return [], []
    ticket = selectors.ticket_get_for_actor(
        actor=actor, reference=opened.ticket.reference, access_token=opened.access_token
    )
    owner = selectors.actor_for_ticket(ticket, actor)
    accepted: list[dict[str, str]] = []
    refused: list[dict[str, str]] = []
    for upload in uploads:
        try:
            attachment = services.ticket_attach(actor=owner, ticket=ticket, upload=upload)
        except DomainError as exc:
            name = shield_text((upload.name or "")[:200], author_role="requester").text
            refused.append({"name": name, "reason": exc.detail})
        else:
            accepted.append({"name": attachment.name, "sha256": attachment.sha256})
    return accepted, refused


@require_GET
def ticket_created(request: HttpRequest, reference: str) -> HttpResponse:
    created = dict(request.session.get(SESSION_CREATED, {}))
    shown = created.pop(reference.strip().upper(), None)
    if shown is None:
        return redirect("portal:track", reference=reference)
    request.session[SESSION_CREATED] = created
    ticket, _actor = _requester_ticket(request, reference)
    link = request.build_absolute_uri(
        reverse("portal:track", kwargs={"reference": ticket.reference})
    )
    context = {"ticket": ticket, "created": shown, "private_link": f"{link}?token={shown['token']}"}
    response = render(request, "portal/created.html", context)
    response["Cache-Control"] = "no-store"
    return response


def track(request: HttpRequest, reference: str) -> HttpResponse:
    token = request.GET.get("token")
    if token:
        # Keep the secret out of history and referrers: remember it, then drop it from the URL.
        try:
            ticket = selectors.ticket_get_for_actor(
                actor=actor_for_user(request.user), reference=reference, access_token=token
            )
        except NotFound:
            raise Http404(reference) from None
        _remember_token(request, ticket.reference, token)
        return redirect("portal:track", reference=ticket.reference)
    ticket, actor = _requester_ticket(request, reference)
    if reference != ticket.reference:
        return redirect("portal:track", reference=ticket.reference)
    return _track_page(request, ticket)


def _track_page(
    request: HttpRequest, ticket: Ticket, *, status: int = 200, **forms: Any
) -> HttpResponse:
    loaded = selectors.ticket_with_timeline(ticket=ticket, include_internal=False)
    context = {
        "ticket": loaded,
        "status_text": presenters.status_sentence(loaded),
        "entries": presenters.timeline(loaded, for_staff=False),
        "attachments": getattr(loaded, "all_attachments", []),
        "actions": presenters.requester_actions(loaded),
        "may_rate": presenters.may_rate(loaded),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "rating_form": forms.get("rating_form") or RatingForm(),
        "failed_action": forms.get("failed_action", ""),
        "risks": sorted(
            {flag for message in loaded.messages.all() for flag in message.flags}
            | set(loaded.risk_flags)
        ),
    }
    response = render(request, "portal/track.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def track_reply(request: HttpRequest, reference: str) -> HttpResponse:
    ticket, actor = _requester_ticket(request, reference)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _track_page(request, ticket, status=422, reply_form=form)
    try:
        result = services.ticket_reply(actor=actor, ticket=ticket, body=form.cleaned_data["body"])
        upload = form.cleaned_data.get("file")
        if upload:
            services.ticket_attach(actor=actor, ticket=ticket, upload=upload)
    except DomainError as exc:
        apply_errors(form, exc.errors, {})
        form.add_error(None, exc.detail)
        return _track_page(request, ticket, status=exc.status, reply_form=form)
    for warning in result.warnings:
        messages.warning(request, warning)
    messages.success(request, _("Your message was sent."))
    return redirect("portal:track", reference=ticket.reference)


@require_POST
def track_action(request: HttpRequest, reference: str) -> HttpResponse:
    ticket, actor = _requester_ticket(request, reference)
    form = ReasonForm(request.POST)
    action = request.POST.get("action", "")
    try:
        chosen = services.RequesterAction(action)
    except ValueError:
        raise Http404(action) from None
    if not form.is_valid():
        return _track_page(request, ticket, status=422, reason_form=form, failed_action=action)
    try:
        services.ticket_requester_action(
            actor=actor, ticket=ticket, action=chosen, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        apply_errors(form, exc.errors, {})
        form.add_error(None, exc.detail)
        return _track_page(
            request, ticket, status=exc.status, reason_form=form, failed_action=action
        )
    messages.success(request, ACTION_DONE[chosen])
    return redirect("portal:track", reference=ticket.reference)


ACTION_DONE = {
    services.RequesterAction.FOLLOW_UP: gettext_lazy("We reminded the team that you are waiting."),
    services.RequesterAction.REQUEST_ESCALATION: gettext_lazy(
        "Your complaint went to a supervisor."
    ),
    services.RequesterAction.REQUEST_AGENT_CHANGE: gettext_lazy(
        "Another agent will handle your complaint."
    ),
    services.RequesterAction.CONFIRM_RESOLVED: gettext_lazy("Thank you: your complaint is closed."),
    services.RequesterAction.DISPUTE: gettext_lazy("Your dispute was recorded and escalated."),
    services.RequesterAction.REOPEN: gettext_lazy("Your complaint is open again."),
    services.RequesterAction.WITHDRAW: gettext_lazy("Your complaint was withdrawn."),
}


@require_POST
def track_rate(request: HttpRequest, reference: str) -> HttpResponse:
    ticket, actor = _requester_ticket(request, reference)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _track_page(request, ticket, status=422, rating_form=form)
    data = form.cleaned_data
    try:
        services.ticket_rate(
            actor=actor,
            ticket=ticket,
            attitude=data["attitude"],
            speed=data["speed"],
            satisfaction=data["satisfaction"],
            comment=data["comment"],
        )
    except DomainError as exc:
        apply_errors(form, exc.errors, {})
        form.add_error(None, exc.detail)
        return _track_page(request, ticket, status=exc.status, rating_form=form)
    messages.success(request, _("Thank you for your rating."))
    return redirect("portal:track", reference=ticket.reference)


@require_GET
def attachment_download(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponse:
    ticket, actor = _requester_ticket(request, reference)
    return attachment_response(
        attachment_get_for_actor(actor=actor, ticket=ticket, pk=attachment_id)
    )


@require_POST
def shield_preview(request: HttpRequest) -> HttpResponse:
    """The live warning under a text box (htmx): what the shield would hide or flag."""
    try:
        hit(
            f"web-preview:{client_address(request)}",
            limit=600,
            window_seconds=60,
            message="Too many previews; slow down a little.",
        )
    except RateLimited:
        return HttpResponse(status=429)
    text = request.POST.get("body") or request.POST.get("text") or ""
    role = "agent" if request.POST.get("role") == "agent" else "requester"
    return render(
        request,
        "portal/shield.html#warning",
        {"preview": shieldview.preview(text[:20_000], role=role), "role": role},
    )
