"""Who may read a ticket: the requester with the token, and the platform's staff. Nobody else."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_requester_reads_the_ticket_with_the_access_token(anon_api, open_ticket):
    created = open_ticket()
    response = anon_api.get(
        f"/tickets/{created['reference']}", access_token=created["access_token"]
    )
    assert response.status_code == 200
    assert response.json()["reference"] == created["reference"]


def test_a_wrong_token_is_404_like_an_unknown_reference(anon_api, open_ticket):
    created = open_ticket()
    wrong = anon_api.get(f"/tickets/{created['reference']}", access_token="kft_guess")
    unknown = anon_api.get("/tickets/KF-0000-0000", access_token="kft_guess")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_no_token_is_404(anon_api, open_ticket):
    created = open_ticket()
    assert anon_api.get(f"/tickets/{created['reference']}").status_code == 404


def test_staff_of_the_platform_read_it(staff_api, agent, open_ticket):
    created = open_ticket()
    assert staff_api(agent).get(f"/tickets/{created['reference']}").status_code == 200


def test_staff_of_another_platform_get_404(staff_api, other_agent, open_ticket):
    created = open_ticket()
    response = staff_api(other_agent).get(f"/tickets/{created['reference']}")
    assert response.status_code == 404


def test_staff_of_another_platform_cannot_reply_patch_or_escalate(
    staff_api, other_agent, open_ticket
):
    reference = open_ticket()["reference"]
    api = staff_api(other_agent)
    responses = [
        api.post(f"/tickets/{reference}/messages", {"body": "hello"}),
        api.patch(f"/tickets/{reference}", {"priority": "high"}),
        api.post(f"/tickets/{reference}/escalate", {"tier": 2, "reason": "x"}),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404]


def test_the_list_shows_only_the_staff_members_platform(
    staff_api, agent, other_agent, anon_api, platform, other_platform
):
    from tests.conftest import complaint

    anon_api.post("/tickets", complaint(platform.slug))
    anon_api.post("/tickets", complaint(other_platform.slug))
    mine = staff_api(agent).get("/tickets").json()["items"]
    theirs = staff_api(other_agent).get("/tickets").json()["items"]
    assert [t["platform"] for t in mine] == [platform.slug]
    assert [t["platform"] for t in theirs] == [other_platform.slug]


def test_anonymous_callers_cannot_list_tickets(anon_api, platform):
    response = anon_api.get("/tickets")
    assert response.status_code == 422


def test_a_revoked_token_is_refused(staff_api, agent, platform):
    from kefu.accounts.models import ApiToken
    from kefu.accounts.services import api_token_revoke

    api = staff_api(agent)
    api_token_revoke(user=agent.user, token_id=ApiToken.objects.get(user=agent.user).pk)
    response = api.get("/tickets")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_malformed_authorization_header_is_401(anon_api, platform):
    response = anon_api.client.get("/api/v1/tickets", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401


def test_requesters_never_see_internal_notes(staff_api, agent, anon_api, open_ticket):
    created = open_ticket()
    staff_api(agent).post(
        f"/tickets/{created['reference']}/messages",
        {"body": "内部备注：用户可能重复投诉", "internal": True},
    )
    seen = anon_api.get(
        f"/tickets/{created['reference']}", access_token=created["access_token"]
    ).json()
    assert seen["messages"] == []
    staff_view = staff_api(agent).get(f"/tickets/{created['reference']}").json()
    assert [m["internal"] for m in staff_view["messages"]] == [True]


def test_a_requester_cannot_write_internal_notes(anon_api, open_ticket):
    created = open_ticket()
    response = anon_api.post(
        f"/tickets/{created['reference']}/messages",
        {"body": "hi", "internal": True},
        access_token=created["access_token"],
    )
    assert response.status_code == 403
