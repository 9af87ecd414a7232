"""Requester accounts: optional, and a signed-in requester sees every complaint they filed."""

from __future__ import annotations

import pytest
from django.test import Client

from kefu.accounts.models import User
from kefu.platforms.models import Platform
from kefu.tickets.models import Ticket
from tests.portal.conftest import complaint_form, sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-unusual-passphrase-42"


def _signup(client: Client, username: str = "xiaoming") -> None:
    response = client.post(
        "/signup/",
        {
            "username": username,
            "email": "xm@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302


def test_signing_up_creates_the_account_and_signs_in(client: Client) -> None:
    _signup(client)
    assert User.objects.filter(username="xiaoming").exists()
    assert client.get("/me/").status_code == 200


def test_a_mismatched_password_reshows_the_form_with_the_error(client: Client) -> None:
    response = client.post(
        "/signup/", {"username": "xm", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert response.status_code == 422
    assert not User.objects.filter(username="xm").exists()


def test_a_complaint_filed_while_signed_in_is_listed_as_mine(
    client: Client, platform: Platform
) -> None:
    _signup(client)
    client.post(f"/p/{platform.slug}/new/", complaint_form())
    ticket = Ticket.objects.get()
    assert ticket.requester.username == "xiaoming"
    assert ticket.reference in client.get("/me/").content.decode()


def test_another_signed_in_user_cannot_open_my_ticket(client: Client, platform: Platform) -> None:
    _signup(client)
    client.post(f"/p/{platform.slug}/new/", complaint_form())
    reference = Ticket.objects.get().reference
    stranger = Client()
    _signup(stranger, "stranger")
    assert stranger.get(f"/track/{reference}/").status_code == 404


def test_after_sign_in_staff_go_to_the_console(client: Client, agent) -> None:
    sign_in(client, agent.user)
    assert client.get("/after-login/")["Location"] == "/console/"


def test_after_sign_in_requesters_go_to_their_complaints(client: Client) -> None:
    _signup(client)
    assert client.get("/after-login/")["Location"] == "/me/"
