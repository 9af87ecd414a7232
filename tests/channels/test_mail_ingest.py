"""`mail_ingest` called directly: loop protection and the per-sender acknowledgement limit."""

from __future__ import annotations

import pytest

from kefu.channels.models import MailRecord, OutboxMessage
from kefu.channels.services.mail_in import mail_ingest
from kefu.common.errors import NotFound
from kefu.tickets.models import Ticket
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
