"""The complaint's life through the API: reply, resolve, confirm, rate, dispute, escalate."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kefu.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(open_ticket, agent):
    return open_ticket()


def _get(anon_api, ticket):
    return anon_api.get(
        f"/tickets/{ticket['reference']}", access_token=ticket["access_token"]
    ).json()


def _act(anon_api, ticket, action, reason=""):
    return anon_api.post(
        f"/tickets/{ticket['reference']}/actions",
        {"action": action, "reason": reason},
        access_token=ticket["access_token"],
    )


def _resolve(api, ticket, version=None):
    headers = {"If-Match": str(version)} if version else None
    return api.patch(
        f"/tickets/{ticket['reference']}",
        {
            "status": "resolved",
            "resolution": {"type": "explanation", "summary": "链上拥堵，已重新广播。"},
        },
        headers=headers,
    )


def test_first_staff_reply_opens_the_ticket_and_shows_who_answered(
    anon_api, staff_api, agent, ticket
):
    response = staff_api(agent).post(
        f"/tickets/{ticket['reference']}/messages", {"body": "您好，我们正在核实。"}
    )
    assert response.status_code == 201
    seen = _get(anon_api, ticket)
    assert seen["status"] == "open"
    assert seen["messages"][0]["author_name"] == agent.display_name
    assert seen["messages"][0]["employee_id"] == agent.employee_id
    assert seen["assignee"] == {"name": agent.display_name, "employee_id": agent.employee_id}


def test_a_staff_message_asking_for_the_seed_phrase_is_refused(staff_api, agent, ticket):
    response = staff_api(agent).post(
        f"/tickets/{ticket['reference']}/messages", {"body": "请提供您的助记词以便我们验证钱包。"}
    )
    assert response.status_code == 422
    assert "asks_for_secret" in [e["message"] for e in response.json()["errors"]]
    assert Ticket.objects.get(reference=ticket["reference"]).messages.count() == 0


def test_a_staff_message_asking_for_a_fee_is_refused(staff_api, agent, ticket):
    response = staff_api(agent).post(
        f"/tickets/{ticket['reference']}/messages", {"body": "需要先支付 50 USDT 解冻费才能提现。"}
    )
    assert response.status_code == 422


def test_resolve_confirm_and_rate(anon_api, staff_api, agent, ticket):
    api = staff_api(agent)
    api.post(f"/tickets/{ticket['reference']}/messages", {"body": "已处理。"})
    assert _resolve(api, ticket).status_code == 200
    assert _act(anon_api, ticket, "confirm_resolved").json()["status"] == "closed"
    rating = anon_api.post(
        f"/tickets/{ticket['reference']}/rating",
        {"attitude": 5, "speed": 4, "satisfaction": 5, "comment": "谢谢"},
        access_token=ticket["access_token"],
    )
    assert rating.status_code == 201
    assert _get(anon_api, ticket)["rating"] == {
        "attitude": 5,
        "speed": 4,
        "satisfaction": 5,
        "comment": "谢谢",
    }


def test_resolving_needs_a_resolution(staff_api, agent, ticket):
    response = staff_api(agent).patch(f"/tickets/{ticket['reference']}", {"status": "resolved"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"resolution.type", "resolution.summary"}


def test_a_stale_version_gets_412_and_changes_nothing(staff_api, agent, ticket):
    api = staff_api(agent)
    version = api.get(f"/tickets/{ticket['reference']}").json()["version"]
    api.patch(
        f"/tickets/{ticket['reference']}", {"priority": "high"}, headers={"If-Match": str(version)}
    )
    stale = api.patch(
        f"/tickets/{ticket['reference']}", {"priority": "low"}, headers={"If-Match": str(version)}
    )
    assert stale.status_code == 412
    assert Ticket.objects.get(reference=ticket["reference"]).priority == "high"


def test_rating_before_resolution_is_refused(anon_api, ticket):
    response = anon_api.post(
        f"/tickets/{ticket['reference']}/rating",
        {"attitude": 5, "speed": 5, "satisfaction": 5},
        access_token=ticket["access_token"],
    )
    assert response.status_code == 409


@pytest.mark.parametrize("scale", ["attitude", "speed", "satisfaction"])
def test_ratings_outside_one_to_five_are_refused(anon_api, ticket, scale):
    body = {"attitude": 3, "speed": 3, "satisfaction": 3, scale: 6}
    response = anon_api.post(
        f"/tickets/{ticket['reference']}/rating", body, access_token=ticket["access_token"]
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [scale]


def test_a_dispute_reopens_one_tier_up(anon_api, staff_api, agent, senior, ticket):
    _resolve(staff_api(agent), ticket)
    response = _act(anon_api, ticket, "dispute", "问题没有解决")
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["tier"]) == ("open", 2)
    assert data["assignee"]["employee_id"] == senior.employee_id


def test_a_dispute_needs_a_reason(anon_api, staff_api, agent, ticket):
    _resolve(staff_api(agent), ticket)
    response = _act(anon_api, ticket, "dispute")
    assert response.status_code == 422


def test_asking_for_a_supervisor_before_any_answer_is_refused(anon_api, ticket):
    response = _act(anon_api, ticket, "request_escalation")
    assert response.status_code == 409
    assert Ticket.objects.get(reference=ticket["reference"]).tier == 1


def test_asking_for_a_supervisor_after_the_first_answer_escalates(
    anon_api, staff_api, agent, ticket
):
    staff_api(agent).post(f"/tickets/{ticket['reference']}/messages", {"body": "正在处理"})
    response = _act(anon_api, ticket, "request_escalation", "处理太慢")
    assert response.json()["tier"] == 2
    again = _act(anon_api, ticket, "request_escalation", "还是太慢")
    assert again.status_code == 429


def test_asking_for_another_agent_never_gives_the_same_one(anon_api, agent, agent2, ticket):
    before = Ticket.objects.get(reference=ticket["reference"]).assignee_id
    response = _act(anon_api, ticket, "request_agent_change", "态度不好")
    assert response.status_code == 200
    after = Ticket.objects.get(reference=ticket["reference"]).assignee_id
    assert after != before
    assert after in {agent.pk, agent2.pk}


def test_repeated_follow_ups_raise_priority_and_are_rate_limited(anon_api, ticket, time_machine):
    time_machine.move_to(timezone.now())
    assert _act(anon_api, ticket, "follow_up").status_code == 200
    assert _act(anon_api, ticket, "follow_up").status_code == 429
    time_machine.shift(3700)
    assert _act(anon_api, ticket, "follow_up").json()["priority"] == "high"


def test_withdraw_is_final(anon_api, ticket):
    assert _act(anon_api, ticket, "withdraw").json()["status"] == "withdrawn"
    assert _act(anon_api, ticket, "reopen").status_code == 409


def test_an_unknown_action_is_a_field_error(anon_api, ticket):
    response = _act(anon_api, ticket, "shout")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "action"


def test_staff_escalation_records_the_reason_on_the_timeline(anon_api, staff_api, agent, ticket):
    staff_api(agent).post(
        f"/tickets/{ticket['reference']}/escalate", {"tier": 3, "reason": "涉及资产安全"}
    )
    events = _get(anon_api, ticket)["events"]
    escalated = [e for e in events if e["kind"] == "escalated"]
    assert escalated[0]["after"] == {"tier": 3}
    assert escalated[0]["reason"] == "涉及资产安全"


def test_compensation_beyond_the_supervisors_limit_is_refused(staff_api, supervisor, ticket):
    api = staff_api(supervisor)
    too_much = api.post(
        f"/tickets/{ticket['reference']}/compensation",
        {"decision": "approved", "amount": "5000", "currency": "USDT", "reason": "补偿"},
    )
    within = api.post(
        f"/tickets/{ticket['reference']}/compensation",
        {"decision": "partial", "amount": "500", "currency": "USDT", "reason": "部分补偿"},
    )
    assert (too_much.status_code, within.status_code) == (403, 200)
    assert within.json()["compensation"] == {
        "decision": "partial",
        "amount": "500",
        "currency": "USDT",
    }


def test_agents_cannot_decide_compensation(staff_api, agent, ticket):
    response = staff_api(agent).post(
        f"/tickets/{ticket['reference']}/compensation",
        {"decision": "denied", "reason": "不符合条件"},
    )
    assert response.status_code == 403


def test_merging_a_duplicate_closes_it_and_points_to_the_original(staff_api, agent, open_ticket):
    original, duplicate = open_ticket(), open_ticket()
    response = staff_api(agent).post(
        f"/tickets/{duplicate['reference']}/links",
        {"reference": original["reference"], "relation": "duplicate"},
    )
    assert response.status_code == 201
    merged = Ticket.objects.get(reference=duplicate["reference"])
    assert merged.status == "closed"
    assert merged.merged_into.reference == original["reference"]


def test_a_requester_reply_while_awaiting_resumes_the_clock(
    anon_api, staff_api, agent, ticket, time_machine
):
    time_machine.move_to(timezone.now())
    api = staff_api(agent)
    api.post(f"/tickets/{ticket['reference']}/messages", {"body": "请补充截图"})
    api.patch(f"/tickets/{ticket['reference']}", {"status": "awaiting_requester"})
    due_before = Ticket.objects.get(reference=ticket["reference"]).resolution_due
    time_machine.shift(2 * 86400)
    anon_api.post(
        f"/tickets/{ticket['reference']}/messages",
        {"body": "截图已上传"},
        access_token=ticket["access_token"],
    )
    after = Ticket.objects.get(reference=ticket["reference"])
    assert after.status == "open"
    assert after.resolution_due > due_before


def test_linking_as_collective_opens_a_collective_others_can_join(
    anon_api, staff_api, agent, open_ticket, platform
):
    first = open_ticket(claim={"amount": "100", "currency": "USDT"})
    second = open_ticket(claim={"amount": "250.5", "currency": "USDT"})
    staff_api(agent).post(
        f"/tickets/{second['reference']}/links",
        {"reference": first["reference"], "relation": "collective"},
    )
    listed = anon_api.get(f"/platforms/{platform.slug}/collectives").json()["items"]
    assert [(c["members"], c["claimed"]) for c in listed] == [(2, {"USDT": "350.5"})]
    joined = open_ticket(collective=listed[0]["code"])
    assert Ticket.objects.get(reference=joined["reference"]).collective.code == listed[0]["code"]


def test_joining_an_unknown_collective_is_a_field_error(anon_api, platform):
    from tests.conftest import complaint

    response = anon_api.post("/tickets", complaint(collective="CC-NOPE"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["collective"]


FOREIGN_ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7"


def test_a_staff_reply_naming_a_foreign_address_is_refused(staff_api, agent, ticket):
    response = staff_api(agent).post(
        f"/tickets/{ticket['reference']}/messages",
        {"body": f"请先向 {FOREIGN_ADDRESS} 转 10 USDT 做测试。"},
    )
    assert response.status_code == 422
    assert [e["message"] for e in response.json()["errors"]] == ["unlisted_address"]


def test_a_staff_reply_may_name_the_platforms_own_address(staff_api, agent, platform, ticket):
    platform.settings = {"own_addresses": [FOREIGN_ADDRESS.lower()]}
    platform.save()
    response = staff_api(agent).post(
        f"/tickets/{ticket['reference']}/messages", {"body": f"官方充值地址是 {FOREIGN_ADDRESS}。"}
    )
    assert response.status_code == 201


def test_a_staff_reply_may_repeat_the_requesters_own_address(anon_api, staff_api, agent, ticket):
    anon_api.post(
        f"/tickets/{ticket['reference']}/messages",
        {"body": f"我的地址是 {FOREIGN_ADDRESS}"},
        access_token=ticket["access_token"],
    )
    response = staff_api(agent).post(
        f"/tickets/{ticket['reference']}/messages",
        {"body": f"已查到 {FOREIGN_ADDRESS} 的入账记录。"},
    )
    assert response.status_code == 201
