"""Following a complaint: the token leaves the URL, strangers get 404, requester actions work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kefu.accounts.actors import actor_for_user
from kefu.accounts.models import Membership
from kefu.tickets import selectors, services
from kefu.tickets.models import Message, Status, Ticket
from kefu.tickets.services.staff import TicketPatch
from tests.factories import UserFactory
from tests.portal.conftest import complaint_form, sign_in, tiny_png

pytestmark = pytest.mark.django_db


def _ticket(reference: str) -> Ticket:
    return Ticket.objects.get(reference=reference)


def _staff_reply(membership: Membership, reference: str, body: str) -> None:
    actor = actor_for_user(membership.user)
    ticket = selectors.ticket_get_for_actor(actor=actor, reference=reference)
    services.ticket_reply(actor=actor, ticket=ticket, body=body)


def _resolve(membership: Membership, reference: str) -> None:
    actor = actor_for_user(membership.user)
    ticket = selectors.ticket_get_for_actor(actor=actor, reference=reference)
    patch = TicketPatch(
        status="resolved", resolution_type="explanation", resolution_summary="已到账"
    )
    services.ticket_update(actor=actor, ticket=ticket, patch=patch, expected_version=None)


def test_the_token_in_the_link_is_remembered_and_dropped_from_the_url(
    client: Client, open_ticket: Callable[..., dict[str, Any]]
) -> None:
    opened = open_ticket()
    reference = opened["reference"]

    response = client.get(f"/track/{reference}/", {"token": opened["access_token"]})

    assert response.status_code == 302
    assert response["Location"] == f"/track/{reference}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert reference in page.content.decode()
    assert opened["access_token"] not in page.content.decode()


def test_a_wrong_token_and_an_unknown_reference_look_the_same(
    client: Client, open_ticket: Callable[..., dict[str, Any]]
) -> None:
    opened = open_ticket()

    wrong = client.get(f"/track/{opened['reference']}/", {"token": "kft_wrong"})
    unknown = client.get("/track/KF-0000-0000/", {"token": "kft_wrong"})
    bare = client.get(f"/track/{opened['reference']}/")

    assert wrong.status_code == unknown.status_code == bare.status_code == 404
    assert [t.name for t in wrong.templates] == [t.name for t in unknown.templates]
    assert "Set-Cookie" not in wrong.headers or "sessionid" not in wrong.headers["Set-Cookie"]


def test_the_home_lookup_box_does_not_reveal_whether_a_reference_exists(
    client: Client, open_ticket: Callable[..., dict[str, Any]]
) -> None:
    opened = open_ticket()

    wrong = client.post("/track/", {"reference": opened["reference"], "token": "kft_nope"})
    unknown = client.post("/track/", {"reference": "KF-0000-0000", "token": "kft_nope"})
    right = client.post(
        "/track/", {"reference": opened["reference"].lower(), "token": opened["access_token"]}
    )

    assert wrong.status_code == unknown.status_code == 422
    assert (
        wrong.context["lookup_form"].non_field_errors()
        == unknown.context["lookup_form"].non_field_errors()
    )
    assert right.status_code == 302
    assert right["Location"] == f"/track/{opened['reference']}/"


def test_a_signed_in_requester_sees_their_ticket_without_a_token(platform: Any) -> None:
    user = UserFactory(username="requester1")
    filing = sign_in(Client(), user)
    filing.post("/p/acme/new/", complaint_form())
    ticket = Ticket.objects.get()
    assert ticket.requester == user
    elsewhere = sign_in(Client(), user)  # another device: no token in this session
    stranger = sign_in(Client(), UserFactory(username="stranger"))

    assert elsewhere.get(f"/track/{ticket.reference}/").status_code == 200
    assert stranger.get(f"/track/{ticket.reference}/").status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_tracking_page_shows_status_due_times_handler_and_timeline(
    client: Client, tracked: dict[str, Any], agent: Membership, language: str
) -> None:
    client.cookies["django_language"] = language
    _staff_reply(agent, tracked["reference"], "您好，我们正在核查。")

    page = client.get(f"/track/{tracked['reference']}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "您好，我们正在核查。" in html
    assert 'class="status status-open"' in html
    assert 'name="action" value="follow_up"' in html
    assert 'name="action" value="withdraw"' in html
    assert 'name="action" value="confirm_resolved"' not in html


def test_a_reply_from_the_tracking_page_reaches_the_ticket(
    client: Client, tracked: dict[str, Any]
) -> None:
    reference = tracked["reference"]
    png = SimpleUploadedFile("proof.png", tiny_png(), content_type="image/png")

    response = client.post(f"/track/{reference}/reply/", {"body": "还是没到账", "file": png})

    assert response.status_code == 302
    message = Message.objects.get(ticket__reference=reference)
    assert message.body == "还是没到账"
    assert message.author_role == "requester"
    assert _ticket(reference).attachments.get().name == "proof.png"


def test_an_empty_reply_reshows_the_page_with_the_error(
    client: Client, tracked: dict[str, Any]
) -> None:
    response = client.post(f"/track/{tracked['reference']}/reply/", {"body": ""})

    assert response.status_code == 422
    assert response.context["reply_form"].errors["body"]


def test_following_up_twice_in_an_hour_shows_the_rate_limit_message(
    client: Client, tracked: dict[str, Any]
) -> None:
    url = f"/track/{tracked['reference']}/action/"

    first = client.post(url, {"action": "follow_up"})
    second = client.post(url, {"action": "follow_up"})

    assert first.status_code == 302
    assert _ticket(tracked["reference"]).follow_up_count == 1
    assert second.status_code == 429
    assert second.context["reason_form"].non_field_errors()


def test_asking_for_another_agent_needs_a_reason(
    client: Client, tracked: dict[str, Any], agent: Membership, agent2: Membership
) -> None:
    url = f"/track/{tracked['reference']}/action/"

    response = client.post(url, {"action": "request_agent_change", "reason": ""})

    assert response.status_code == 422
    assert response.context["failed_action"] == "request_agent_change"


def test_confirm_and_rate_after_resolution_closes_the_ticket_with_the_rating(
    client: Client, tracked: dict[str, Any], agent: Membership
) -> None:
    reference = tracked["reference"]
    _staff_reply(agent, reference, "已处理")
    _resolve(agent, reference)
    page = client.get(f"/track/{reference}/").content.decode()
    assert 'name="action" value="confirm_resolved"' in page
    assert 'name="attitude"' in page

    confirmed = client.post(f"/track/{reference}/action/", {"action": "confirm_resolved"})
    rated = client.post(
        f"/track/{reference}/rating/",
        {"attitude": "5", "speed": "4", "satisfaction": "5", "comment": "谢谢"},
    )

    ticket = _ticket(reference)
    assert confirmed.status_code == rated.status_code == 302
    assert ticket.status == Status.CLOSED
    assert (ticket.rating.attitude, ticket.rating.speed, ticket.rating.satisfaction) == (5, 4, 5)
    assert 'name="attitude"' not in client.get(f"/track/{reference}/").content.decode()


def test_the_tracking_page_shows_the_requesters_own_rating_comment(
    client: Client, tracked: dict[str, Any], agent: Membership
) -> None:
    reference = tracked["reference"]
    _resolve(agent, reference)
    client.post(f"/track/{reference}/action/", {"action": "confirm_resolved"})
    client.post(
        f"/track/{reference}/rating/",
        {"attitude": "5", "speed": "4", "satisfaction": "5", "comment": "处理及时，<b>谢谢</b>"},
    )

    page = client.get(f"/track/{reference}/").content.decode()

    assert "处理及时，&lt;b&gt;谢谢&lt;/b&gt;" in page  # shown, and escaped


def test_rating_an_open_ticket_is_refused_with_a_message(
    client: Client, tracked: dict[str, Any]
) -> None:
    response = client.post(
        f"/track/{tracked['reference']}/rating/",
        {"attitude": "1", "speed": "1", "satisfaction": "1"},
    )

    assert response.status_code == 409
    assert response.context["rating_form"].non_field_errors()


def test_evidence_downloads_only_through_the_tracking_session(
    client: Client, tracked: dict[str, Any]
) -> None:
    reference = tracked["reference"]
    png = SimpleUploadedFile("proof.png", tiny_png(), content_type="image/png")
    client.post(f"/track/{reference}/reply/", {"body": "证据", "file": png})
    attachment = _ticket(reference).attachments.get()

    mine = client.get(f"/track/{reference}/files/{attachment.pk}/")
    stranger = Client().get(f"/track/{reference}/files/{attachment.pk}/")

    assert mine.status_code == 200
    assert b"".join(mine.streaming_content) == tiny_png()
    assert "attachment" in mine["Content-Disposition"]
    assert stranger.status_code == 404


def test_an_attachment_of_another_ticket_is_404(
    client: Client, tracked: dict[str, Any], open_ticket: Callable[..., dict[str, Any]]
) -> None:
    other = open_ticket()
    other_client = Client()
    other_client.get(f"/track/{other['reference']}/", {"token": other["access_token"]})
    png = SimpleUploadedFile("x.png", tiny_png(), content_type="image/png")
    other_client.post(f"/track/{other['reference']}/reply/", {"body": "x", "file": png})
    foreign = _ticket(other["reference"]).attachments.get()

    response = client.get(f"/track/{tracked['reference']}/files/{foreign.pk}/")

    assert response.status_code == 404


BANNER = "请勿付款、请勿透露"


def test_the_requester_is_warned_when_their_complaint_mentions_a_scam_request(
    client, platform, open_ticket
) -> None:
    created = open_ticket(body="有个自称客服的人让我先转 50 USDT 解冻费，还要我的助记词。")
    page = client.get(
        f"/track/{created['reference']}/?token={created['access_token']}", follow=True
    )
    assert BANNER in page.content.decode()


def test_an_ordinary_complaint_shows_no_scam_banner(client, platform, open_ticket) -> None:
    created = open_ticket(body="提现三天没有到账，客服也不回复。")
    page = client.get(
        f"/track/{created['reference']}/?token={created['access_token']}", follow=True
    )
    assert BANNER not in page.content.decode()
