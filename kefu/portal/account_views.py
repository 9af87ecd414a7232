"""Requester accounts: sign up, and see every complaint filed while signed in."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kefu.accounts.actors import actor_for_user
from kefu.accounts.models import User
from kefu.common.clients import client_address
from kefu.common.errors import RateLimited
from kefu.common.ratelimit import hit
from kefu.tickets.selectors import tickets_for_requester


class SignupForm(UserCreationForm):  # type: ignore[type-arg]
    email = forms.EmailField(label=_("E-mail (optional, for answers)"), required=False)

    class Meta:
        model = User
        fields = ("username", "email")


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:my_tickets")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        try:
            hit(
                f"signup:{client_address(request)}",
                limit=10,
                window_seconds=3600,
                message=str(_("Too many new accounts from this network; try again later.")),
            )
        except RateLimited as exc:
            form.add_error(None, exc.detail)
            return render(request, "portal/signup.html", {"form": form}, status=429)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("portal:my_tickets")
        return render(request, "portal/signup.html", {"form": form}, status=422)
    return render(request, "portal/signup.html", {"form": form})


@login_required
@require_GET
def after_login(request: HttpRequest) -> HttpResponse:
    """Staff go to their console, requesters to their complaints."""
    actor = actor_for_user(request.user)
    return redirect("console:home" if actor.is_staff else "portal:my_tickets")


@login_required
@require_GET
def my_tickets(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    return render(
        request, "portal/my_tickets.html", {"tickets": tickets_for_requester(actor=actor)}
    )
