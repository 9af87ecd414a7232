"""The agent console's queues: scoped to the platform, constant queries, filters, pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kefu.accounts.models import Membership

pytestmark = pytest.mark.django_db


def test_the_console_needs_a_sign_in(client: Client, db: None) -> None:
    response = client.get("/console/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "我的"), ("en", "Mine")])
def test_the_queue_lists_my_tickets(
    staff_client: Callable[[Membership], Client],
    agent: Membership,
    open_ticket: Callable[..., dict[str, Any]],
    language: str,
    expected: str,
) -> None:
    opened = open_ticket()  # auto-assigned to the only agent
    client = staff_client(agent)
    client.cookies["django_language"] = language

    response = client.get("/console/")

    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert opened["reference"] in html
    assert 'class="sla sla-green"' in html


def test_other_platforms_tickets_never_show(
    staff_client: Callable[[Membership], Client],
    other_agent: Membership,
    agent: Membership,
    open_ticket: Callable[..., dict[str, Any]],
) -> None:
    opened = open_ticket()

    response = staff_client(other_agent).get("/console/?queue=all")

    assert opened["reference"] not in response.content.decode()


def test_search_and_filters(
    staff_client: Callable[[Membership], Client],
    agent: Membership,
    open_ticket: Callable[..., dict[str, Any]],
) -> None:
    wanted = open_ticket(subject="手续费被多扣", category="fees")
    other = open_ticket(subject="态度很差", category="poor_attitude")
    client = staff_client(agent)

    by_word = client.get("/console/", {"queue": "all", "q": "手续费"}).content.decode()
    by_category = client.get("/console/", {"queue": "all", "category": "fees"}).content.decode()

    assert wanted["reference"] in by_word
    assert other["reference"] not in by_word
    assert wanted["reference"] in by_category
    assert other["reference"] not in by_category


def test_cursor_pagination_walks_every_ticket_once(
    staff_client: Callable[[Membership], Client],
    agent: Membership,
    open_ticket: Callable[..., dict[str, Any]],
) -> None:
    references = {open_ticket()["reference"] for _ in range(27)}
    client = staff_client(agent)

    first = client.get("/console/", {"queue": "all"})
    second = client.get(f"/console/?{first.context['next_query']}")

    seen = [row["ticket"].reference for row in first.context["rows"]]
    seen += [row["ticket"].reference for row in second.context["rows"]]
    assert len(seen) == 27
    assert set(seen) == references
    assert second.context["next_query"] == ""


def test_a_broken_cursor_falls_back_to_the_first_page(
    staff_client: Callable[[Membership], Client], agent: Membership
) -> None:
    response = staff_client(agent).get("/console/", {"cursor": "not-a-cursor"})

    assert response.status_code == 200


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_queue_runs_the_same_number_of_queries_for_1_or_20_tickets(
    staff_client: Callable[[Membership], Client],
    agent: Membership,
    open_ticket: Callable[..., dict[str, Any]],
) -> None:
    client = staff_client(agent)
    open_ticket()
    one = _count_queries(client, "/console/?queue=all")
    for _ in range(19):
        open_ticket()

    twenty = _count_queries(client, "/console/?queue=all")

    assert one == twenty
