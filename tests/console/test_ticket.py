"""One ticket in the console: everything visible, every staff action through its service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kefu.accounts.models import Membership
from kefu.tickets.models import Macro, Message, Status, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(agent: Membership, open_ticket: Callable[..., dict[str, Any]]) -> Ticket:
    return Ticket.objects.get(reference=open_ticket()["reference"])


@pytest.fixture
def agent_client(staff_client: Callable[[Membership], Client], agent: Membership) -> Client:
    return staff_client(agent)


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "分配给我"), ("en", "Assign to me")]
)
def test_the_ticket_page_shows_the_request_and_the_actions(
    agent_client: Client, ticket: Ticket, agent2: Membership, language: str, expected: str
) -> None:
    Ticket.objects.filter(pk=ticket.pk).update(assignee=agent2)
    agent_client.cookies["django_language"] = language

    response = agent_client.get(f"/console/t/{ticket.reference}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert ticket.subject in html
    assert "user@example.com" in html
    assert f'name="version" value="{ticket.version}"' in html


def test_staff_of_another_platform_get_404(
    staff_client: Callable[[Membership], Client], other_agent: Membership, ticket: Ticket
) -> None:
    response = staff_client(other_agent).get(f"/console/t/{ticket.reference}/")

    assert response.status_code == 404


def test_a_reply_and_an_internal_note(agent_client: Client, ticket: Ticket) -> None:
    url = f"/console/t/{ticket.reference}/reply/"

    agent_client.post(url, {"body": "您好，我们正在核查。"})
    agent_client.post(url, {"body": "查一下链上记录", "internal": "on"})

    public, note = Message.objects.filter(ticket=ticket).order_by("id")
    assert (public.internal, note.internal) == (False, True)
    assert public.employee_id == "A001"
    html = agent_client.get(f"/console/t/{ticket.reference}/").content.decode()
    assert "msg-internal" in html
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_an_unsafe_staff_reply_is_refused_with_the_reason(
    agent_client: Client, ticket: Ticket
) -> None:
    response = agent_client.post(
        f"/console/t/{ticket.reference}/reply/",
        {"body": "为了核实身份，请把你的助记词发给我。"},
    )

    assert response.status_code == 422
    assert response.context["reply_form"].non_field_errors()
    assert not Message.objects.filter(ticket=ticket).exists()


def test_resolving_needs_a_resolution(agent_client: Client, ticket: Ticket) -> None:
    response = agent_client.post(
        f"/console/t/{ticket.reference}/update/",
        {
            "version": ticket.version,
            "status": "resolved",
            "priority": "normal",
            "category": ticket.category,
        },
    )

    assert response.status_code == 422
    errors = response.context["update_form"].errors
    assert errors["resolution_type"]
    assert errors["resolution_summary"]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW


def test_a_stale_version_says_someone_changed_it_first(
    agent_client: Client, ticket: Ticket
) -> None:
    stale = ticket.version
    agent_client.post(
        f"/console/t/{ticket.reference}/update/",
        {"version": stale, "priority": "high", "category": ticket.category},
    )

    response = agent_client.post(
        f"/console/t/{ticket.reference}/update/",
        {"version": stale, "priority": "low", "category": ticket.category},
    )

    assert response.status_code == 412
    assert response.context["update_form"].non_field_errors()
    assert Ticket.objects.get(pk=ticket.pk).priority == "high"


def test_resolve_with_a_resolution(agent_client: Client, ticket: Ticket) -> None:
    response = agent_client.post(
        f"/console/t/{ticket.reference}/update/",
        {
            "version": ticket.version,
            "status": "resolved",
            "priority": "normal",
            "category": ticket.category,
            "resolution_type": "explanation",
            "resolution_summary": "款项已于今日到账。",
        },
    )

    assert response.status_code == 302
    resolved = Ticket.objects.get(pk=ticket.pk)
    assert (resolved.status, resolved.resolution_type) == (Status.RESOLVED, "explanation")


def test_assign_to_another_agent_and_escalate(
    agent_client: Client, ticket: Ticket, agent2: Membership, supervisor: Membership
) -> None:
    assigned = agent_client.post(
        f"/console/t/{ticket.reference}/assign/",
        {"version": ticket.version, "employee_id": "A002"},
    )
    escalated = agent_client.post(
        f"/console/t/{ticket.reference}/escalate/", {"tier": "3", "reason": "涉及赔偿"}
    )

    after = Ticket.objects.select_related("assignee").get(pk=ticket.pk)
    assert assigned.status_code == escalated.status_code == 302
    assert after.tier == 3
    assert after.assignee == supervisor


def test_assign_to_an_unknown_employee_id_shows_the_error(
    agent_client: Client, ticket: Ticket
) -> None:
    response = agent_client.post(
        f"/console/t/{ticket.reference}/assign/",
        {"version": ticket.version, "employee_id": "NOPE"},
    )

    assert response.status_code == 422
    assert response.context["assign_form"].errors["employee_id"]


def test_merge_a_duplicate(
    agent_client: Client, ticket: Ticket, open_ticket: Callable[..., dict[str, Any]]
) -> None:
    duplicate = Ticket.objects.get(reference=open_ticket()["reference"])

    response = agent_client.post(
        f"/console/t/{duplicate.reference}/link/",
        {"reference": ticket.reference.lower(), "relation": "duplicate"},
    )

    assert response.status_code == 302
    merged = Ticket.objects.get(pk=duplicate.pk)
    assert (merged.status, merged.merged_into_id) == (Status.CLOSED, ticket.pk)


def test_compensation_is_for_supervisors_only(
    agent_client: Client,
    staff_client: Callable[[Membership], Client],
    supervisor: Membership,
    ticket: Ticket,
) -> None:
    data = {"decision": "approved", "amount": "100", "currency": "usdt", "reason": "延迟到账"}

    refused = agent_client.post(f"/console/t/{ticket.reference}/compensation/", data)
    decided = staff_client(supervisor).post(f"/console/t/{ticket.reference}/compensation/", data)

    assert refused.status_code == 403
    assert decided.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).compensation_currency == "USDT"


def test_canned_responses_are_filled_in(
    agent_client: Client, ticket: Ticket, platform: Any
) -> None:
    Macro.objects.create(
        platform=platform, title="问候", body="{agent_name}（工号 {employee_id}）处理 {reference}"
    )

    html = agent_client.get(f"/console/t/{ticket.reference}/").content.decode()

    assert f"小李（工号 A001）处理 {ticket.reference}" in html


def test_a_risky_requester_message_raises_the_banner(
    agent_client: Client, ticket: Ticket, client: Client, open_ticket: Callable[..., dict[str, Any]]
) -> None:
    opened = open_ticket(body="有个自称客服的人让我交 200 USDT 解冻费，还要我的助记词。")

    html = agent_client.get(f"/console/t/{opened['reference']}/").content.decode()

    assert 'class="risk"' in html


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_ticket_page_runs_a_constant_number_of_queries(
    agent_client: Client, ticket: Ticket
) -> None:
    url = f"/console/t/{ticket.reference}/"
    agent_client.post(f"{url}reply/", {"body": "第一条"})
    one = _count(agent_client, url)
    for n in range(19):
        agent_client.post(f"{url}reply/", {"body": f"第 {n} 条", "internal": "on" if n % 2 else ""})

    twenty = _count(agent_client, url)

    assert one == twenty


def test_attachments_download_for_staff_only_of_that_platform(
    agent_client: Client,
    staff_client: Callable[[Membership], Client],
    other_agent: Membership,
    ticket: Ticket,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal.conftest import tiny_png

    png = SimpleUploadedFile("a.png", tiny_png(), content_type="image/png")
    agent_client.post(f"/console/t/{ticket.reference}/reply/", {"body": "附件", "file": png})
    attachment = ticket.attachments.get()
    url = f"/console/t/{ticket.reference}/files/{attachment.pk}/"

    assert agent_client.get(url).status_code == 200
    assert staff_client(other_agent).get(url).status_code == 404
