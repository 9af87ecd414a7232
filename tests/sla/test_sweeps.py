"""The worker's SLA jobs: breaches escalate, warnings warn, silence and waiting are handled."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kefu.channels.models import OutboxMessage
from kefu.sla import services
from kefu.sla.models import PeriodicRun, SlaBreach
from kefu.sla.scheduler import schedule_due
from kefu.tickets.models import Ticket

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Wednesday morning, an ordinary working day in China.
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def at_work(time_machine):
    time_machine.move_to(MONDAY_10, tick=False)
    return time_machine


@pytest.fixture
def ticket(at_work, open_ticket, agent, senior, supervisor):
    created = open_ticket()
    return Ticket.objects.get(reference=created["reference"])


def _recipients() -> set[str]:
    return set(OutboxMessage.objects.values_list("recipient", flat=True))


def test_a_missed_first_response_escalates_to_tier_2_and_tells_three_people(
    at_work, ticket, agent, senior, supervisor
):
    OutboxMessage.objects.all().delete()  # the acknowledgement
    at_work.move_to(ticket.first_response_due + timedelta(minutes=1), tick=False)
    assert services.sla_sweep() == 1
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.assignee_id, ticket.breach_count) == (2, senior.pk, 1)
    assert list(SlaBreach.objects.values_list("kind", flat=True)) == ["first_response"]
    assert _recipients() == {"user@example.com", senior.user.email, supervisor.user.email}


def test_the_requester_sees_the_breach_on_the_timeline(at_work, ticket):
    at_work.move_to(ticket.first_response_due + timedelta(minutes=1), tick=False)
    services.sla_sweep()
    kinds = list(ticket.events.filter(public=True).values_list("kind", flat=True))
    assert kinds == ["created", "sla_breached"]


def test_a_second_sweep_changes_nothing(at_work, ticket):
    at_work.move_to(ticket.first_response_due + timedelta(minutes=1), tick=False)
    services.sla_sweep()
    outbox = OutboxMessage.objects.count()
    assert services.sla_sweep() == 0
    assert (SlaBreach.objects.count(), OutboxMessage.objects.count()) == (1, outbox)


def test_after_a_first_response_breach_the_resolution_clock_still_runs(at_work, ticket):
    at_work.move_to(ticket.first_response_due + timedelta(minutes=1), tick=False)
    services.sla_sweep()
    ticket.refresh_from_db()
    assert ticket.next_breach_at == ticket.resolution_due


def test_a_ticket_answered_in_time_is_not_breached(at_work, ticket, staff_api, agent):
    staff_api(agent).post(f"/tickets/{ticket.reference}/messages", {"body": "正在处理"})
    at_work.move_to(ticket.first_response_due + timedelta(minutes=1), tick=False)
    assert services.sla_sweep() == 0


def test_a_paused_ticket_is_not_breached(at_work, ticket, staff_api, agent):
    api = staff_api(agent)
    api.post(f"/tickets/{ticket.reference}/messages", {"body": "请补充截图"})
    api.patch(f"/tickets/{ticket.reference}", {"status": "awaiting_requester"})
    at_work.move_to(ticket.resolution_due + timedelta(days=1), tick=False)
    assert services.sla_sweep() == 0


def test_the_assignee_is_warned_at_75_percent_once(at_work, ticket, agent):
    OutboxMessage.objects.all().delete()
    at_work.move_to(ticket.next_warning_at + timedelta(minutes=1), tick=False)
    assert services.sla_warn() == 1
    assert services.sla_warn() == 0
    assert _recipients() == {agent.user.email}


def test_staff_are_not_paged_at_night(time_machine, open_ticket, agent, senior, supervisor):
    time_machine.move_to(datetime(2026, 11, 23, 17, 0, tzinfo=SHANGHAI), tick=False)
    open_ticket()
    night = datetime(2026, 11, 25, 2, 0, tzinfo=SHANGHAI)
    time_machine.move_to(night, tick=False)
    services.sla_sweep()
    staff_notice = OutboxMessage.objects.get(recipient=senior.user.email)
    requester_notice = OutboxMessage.objects.filter(recipient="user@example.com").latest("id")
    assert staff_notice.available_at == datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)
    assert requester_notice.available_at == night


def test_an_urgent_ticket_pages_staff_at_night(
    time_machine, open_ticket, agent, senior, supervisor
):
    time_machine.move_to(datetime(2026, 11, 25, 2, 0, tzinfo=SHANGHAI), tick=False)
    ticket = Ticket.objects.get(reference=open_ticket()["reference"])
    Ticket.objects.filter(pk=ticket.pk).update(priority="urgent", next_breach_at=ticket.created_at)
    services.sla_sweep()
    notice = OutboxMessage.objects.get(recipient=senior.user.email)
    assert notice.available_at == datetime(2026, 11, 25, 2, 0, tzinfo=SHANGHAI)


def test_a_silent_assignee_is_replaced_and_the_supervisor_told(
    at_work, ticket, agent, agent2, supervisor
):
    first = ticket.assignee_id
    OutboxMessage.objects.all().delete()
    at_work.shift(timedelta(hours=5))
    assert services.silence_sweep() == 1
    ticket.refresh_from_db()
    assert ticket.assignee_id != first
    assert ticket.assignee_id in {agent.pk, agent2.pk}
    assert supervisor.user.email in _recipients()
    assert services.silence_sweep() == 0


def test_a_waiting_requester_is_reminded_then_the_ticket_auto_resolves(
    at_work, ticket, staff_api, agent
):
    api = staff_api(agent)
    api.post(f"/tickets/{ticket.reference}/messages", {"body": "请补充截图"})
    api.patch(f"/tickets/{ticket.reference}", {"status": "awaiting_requester"})
    at_work.shift(timedelta(days=3, minutes=1))
    assert services.awaiting_sweep() == 1
    assert ticket.events.filter(kind="requester_reminded").count() == 1
    at_work.shift(timedelta(days=4))
    services.awaiting_sweep()
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution_type) == ("resolved", "no_action")


def test_a_resolved_ticket_closes_after_seven_quiet_days(at_work, ticket, staff_api, agent):
    staff_api(agent).patch(
        f"/tickets/{ticket.reference}",
        {"status": "resolved", "resolution": {"type": "explanation", "summary": "已说明"}},
    )
    at_work.shift(timedelta(days=6))
    assert services.autoclose_sweep() == 0
    at_work.shift(timedelta(days=1, minutes=1))
    assert services.autoclose_sweep() == 1
    ticket.refresh_from_db()
    assert ticket.status == "closed"


def test_each_periodic_job_is_scheduled_once_per_slot(at_work):
    first = schedule_due()
    second = schedule_due()
    assert "sla_sweep" in first
    assert second == []
    assert PeriodicRun.objects.filter(name="sla_sweep").count() == 1


def test_the_breach_notice_is_in_the_requesters_language_once_framed(
    at_work, anon_api, platform, agent, senior, supervisor
):
    from tests.conftest import complaint

    created = anon_api.post("/tickets", complaint(), headers={"Accept-Language": "en"}).json()
    ticket = Ticket.objects.get(reference=created["reference"])
    at_work.move_to(ticket.first_response_due + timedelta(minutes=1), tick=False)
    services.sla_sweep()
    notice = OutboxMessage.objects.get(idempotency_key__contains=":breach:")
    assert notice.language == "en"
    assert notice.body.startswith("The platform missed a deadline")
    assert "Reference: " + ticket.reference in notice.body
    assert "never ask" not in notice.body  # the mail composer adds the safety line once
