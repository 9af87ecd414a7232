"""`mail_ingest` called directly: loop protection, the per-sender acknowledgement limit, and
what a reply to a finished ticket does."""

from __future__ import annotations

import pytest

from kefu.channels.models import MailRecord, OutboxMessage
from kefu.channels.services.mail_in import mail_ingest
from kefu.common.errors import NotFound
from kefu.tickets.models import Status, Ticket, TicketEvent, TicketLink
from tests.channels.mails import text_mail

pytestmark = pytest.mark.django_db

TO = ["acme@kefu.localhost"]


def test_beyond_the_hourly_limit_mails_are_stored_but_not_acknowledged(platform, settings):
    settings.KEFU_MAIL_ACK_PER_HOUR = 2
    outcomes = [
        mail_ingest(
            raw=text_mail(body=f"第{i}封", subject="催促", message_id=f"<rl{i}@example.com>"),
            recipients=TO,
        )
        for i in range(4)
    ]

    assert [o.acknowledged for o in outcomes] == [True, True, False, False]
    assert Ticket.objects.count() == 4
    assert OutboxMessage.objects.count() == 2


def test_a_mail_from_one_of_our_own_addresses_is_never_answered(platform):
    raw = text_mail(body="loop", subject="loop", sender="other@kefu.localhost")

    outcome = mail_ingest(raw=raw, recipients=TO)

    assert outcome.status == "loop"
    assert Ticket.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert MailRecord.objects.get().outcome == "loop"


def test_a_bounce_with_an_empty_envelope_sender_is_not_acknowledged(platform):
    outcome = mail_ingest(
        raw=text_mail(body="undeliverable", subject="x"), recipients=TO, envelope_from="<>"
    )

    assert (outcome.status, outcome.acknowledged, outcome.auto_reason) == (
        "opened",
        False,
        "null_sender",
    )


def test_a_mail_for_no_platform_is_refused(platform):
    with pytest.raises(NotFound):
        mail_ingest(raw=text_mail(body="x", subject="x"), recipients=["nobody@elsewhere.example"])

    assert MailRecord.objects.count() == 0


def _finished_ticket(status: Status) -> Ticket:
    mail_ingest(raw=text_mail(body="提现没到账", subject="提现问题"), recipients=TO)
    Ticket.objects.update(status=status)
    return Ticket.objects.get()


def _answer(ticket: Ticket, body: str) -> object:
    raw = text_mail(
        body=body, subject=f"Re: [{ticket.reference}] 提现问题", message_id="<answer@example.com>"
    )
    return mail_ingest(raw=raw, recipients=TO)


def test_an_answer_to_a_resolved_ticket_reopens_it_with_the_mail_on_its_timeline(platform):
    ticket = _finished_ticket(Status.RESOLVED)

    outcome = _answer(ticket, "还是没有到账，问题没有解决")

    ticket.refresh_from_db()
    assert (outcome.status, outcome.reference) == ("reopened", ticket.reference)
    assert Ticket.objects.count() == 1
    assert ticket.status == Status.OPEN
    assert list(ticket.messages.values_list("body", "channel")) == [
        ("还是没有到账，问题没有解决", "email")
    ]
    reopened = TicketEvent.objects.get(ticket=ticket, kind="reopened")
    assert (reopened.actor_role, reopened.reason) == ("requester", "replied_by_mail")


@pytest.mark.parametrize("status", [Status.CLOSED, Status.WITHDRAWN])
def test_an_answer_to_a_finished_ticket_opens_a_new_one_linked_to_it(platform, status):
    previous = _finished_ticket(status)

    outcome = _answer(previous, "又出现同样的问题了")

    previous.refresh_from_db()
    new = Ticket.objects.exclude(pk=previous.pk).get()
    assert (outcome.status, outcome.reference) == ("opened", new.reference)
    assert previous.status == status
    assert new.body == "又出现同样的问题了"
    link = TicketLink.objects.get()
    assert (link.from_ticket, link.to_ticket, link.relation) == (new, previous, "related")
    for ticket, other in ((new, previous), (previous, new)):
        event = TicketEvent.objects.get(ticket=ticket, kind="linked")
        assert (event.actor_role, event.reason) == ("system", "follow_up")
        assert event.after == {"reference": other.reference, "relation": "related"}


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_an_automatic_answer_to_a_finished_ticket_reopens_and_opens_nothing(platform, status):
    previous = _finished_ticket(status)
    out_of_office = text_mail(
        body="我正在休假，回来后回复您。",
        subject=f"自动回复: [{previous.reference}] 提现问题",
        message_id="<ooo@example.com>",
        headers={"Auto-Submitted": "auto-replied"},
    )

    outcome = mail_ingest(raw=out_of_office, recipients=TO)

    previous.refresh_from_db()
    assert (outcome.status, outcome.auto_reason) == ("kept", "auto_submitted")
    assert previous.status == status
    assert Ticket.objects.count() == 1
    assert not previous.messages.exists()
    assert MailRecord.objects.get(message_id="ooo@example.com").ticket == previous
    assert (
        not OutboxMessage.objects.filter(ticket=previous)
        .exclude(idempotency_key__contains="acknowledged")
        .exists()
    )
