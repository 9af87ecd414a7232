"""E-mail out: a staff reply → the worker → a threaded mail on a real SMTP server, and the
requester's answer to it comes back onto the same ticket."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest

from kefu.accounts.actors import actor_for_user
from kefu.channels.services import outbox_drain
from kefu.channels.services.antiphishing import anti_phishing_code_set
from kefu.tickets.models import Message, Ticket
from kefu.tickets.services import ticket_reply
from tests.channels.mails import text_mail

pytestmark = pytest.mark.django_db(transaction=True)


def send(port: int, raw: bytes, *, sender: str = "wang@example.com") -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.sendmail(sender, ["acme@kefu.localhost"], raw)


def reply_to(mail: EmailMessage, body: str) -> bytes:
    """What a mail client sends when the requester presses Reply."""
    answer = EmailMessage()
    answer["From"] = "王小明 <wang@example.com>"
    answer["To"] = mail["Reply-To"]
    answer["Subject"] = "Re: " + mail["Subject"]
    answer["Message-ID"] = "<r2@example.com>"
    answer["In-Reply-To"] = mail["Message-ID"]
    answer["References"] = f"{mail['References']} {mail['Message-ID']}"
    quoted = "\n".join("> " + line for line in mail.get_body(("plain",)).get_content().splitlines())
    answer.set_content(f"{body}\n\n2026年11月25日 Kefu 写道：\n{quoted}\n")
    return bytes(answer).replace(b"\n", b"\r\n")


def test_a_staff_reply_is_a_threaded_mail_and_the_answer_threads_back(
    platform, agent, kefu_smtpd, smtp_sink
):
    send(
        kefu_smtpd,
        text_mail(body="我的提现没有到账。", subject="提现问题", message_id="<q1@example.com>"),
    )
    ticket = Ticket.objects.get()
    anti_phishing_code_set(channel="email", address="Wang@Example.com", code="青山绿水2026")
    outbox_drain()  # the acknowledgement
    smtp_sink.envelopes.clear()

    ticket_reply(actor=actor_for_user(agent.user), ticket=ticket, body="您好，已为您重新广播交易。")
    assert outbox_drain() == 1

    [mail] = smtp_sink.messages()
    assert mail["To"] == "wang@example.com"
    assert mail["Subject"].startswith(f"[{ticket.reference}] ")
    assert mail["In-Reply-To"] == "<q1@example.com>"
    assert mail["References"].split()[0] == "<q1@example.com>"
    assert mail["Message-ID"].startswith(f"<kf.{ticket.reference.lower()}.")
    assert mail["Auto-Submitted"] is None  # a person wrote it
    assert mail["Reply-To"] == "acme@kefu.localhost"
    assert mail.get_content_type() == "multipart/alternative"
    plain = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "您好，已为您重新广播交易。" in plain
    assert "您好，已为您重新广播交易。" in html
    assert "防钓鱼码：青山绿水2026" in plain
    assert "青山绿水2026" in html
    assert agent.employee_id in plain

    send(kefu_smtpd, reply_to(mail, "谢谢，已经到账了。"))

    assert Ticket.objects.count() == 1
    last = Message.objects.filter(ticket=ticket).order_by("-id").first()
    assert (last.author_role, last.channel, last.body) == (
        "requester",
        "email",
        "谢谢，已经到账了。",
    )


def test_the_acknowledgement_carries_the_private_link_only_when_sent(
    platform, kefu_smtpd, smtp_sink
):
    send(
        kefu_smtpd,
        text_mail(body="Where is my withdrawal?", subject="Withdrawal", sender="amy@example.com"),
    )
    ticket = Ticket.objects.get()

    outbox_drain()

    [mail] = smtp_sink.messages()
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["In-Reply-To"] == "<m1@example.com>"
    plain = mail.get_body(("plain",)).get_content()
    assert f"/track/{ticket.reference}/?token=kft_" in plain
    assert "Set an anti-phishing code" in plain  # English: the mail was written in English


def test_a_reference_in_the_subject_threads_only_for_the_tickets_own_contact(platform, kefu_smtpd):
    send(kefu_smtpd, text_mail(body="第一封", subject="问题", message_id="<t1@example.com>"))
    reference = Ticket.objects.get().reference
    same = text_mail(
        body="补充信息", subject=f"Re: [{reference.lower()}] 问题", message_id="<t2@example.com>"
    )
    other = text_mail(
        body="我也想看",
        subject=f"[{reference}] 问题",
        message_id="<t3@example.com>",
        sender="mallory@example.com",
    )

    send(kefu_smtpd, same)
    send(kefu_smtpd, other, sender="mallory@example.com")

    first = Ticket.objects.get(reference=reference)
    assert list(first.messages.values_list("body", flat=True)) == ["补充信息"]
    assert Ticket.objects.exclude(pk=first.pk).get().contact["email"] == "mallory@example.com"
