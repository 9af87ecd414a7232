"""E-mail in over real SMTP: smtplib → `kefu smtpd` (aiosmtpd) → ticket."""

from __future__ import annotations

import hashlib
import smtplib

import pytest

from kefu.channels.models import MailRecord, OutboxMessage
from kefu.tickets.models import Attachment, Ticket, TicketEvent
from tests.channels.conftest import SEED_PHRASE
from tests.channels.mails import PNG, html_mail, mail_with_attachments, text_mail

pytestmark = pytest.mark.django_db(transaction=True)


def send(
    port: int, raw: bytes, *, to: str = "acme@kefu.localhost", sender: str = "wang@example.com"
) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.sendmail(sender, [to], raw)


def only_ticket() -> Ticket:
    tickets = list(Ticket.objects.all())
    assert len(tickets) == 1
    return tickets[0]


def acks() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(idempotency_key__endswith=":acknowledged"))


@pytest.mark.parametrize(
    ("charset", "subject", "body"),
    [
        ("gbk", "提现三天没到账", "您好，我在钱包里提现 500 USDT，三天了还没有到账，请帮忙查询。"),
        ("gb18030", "账户异常𠀀", "我的账户显示异常，生僻字𡈽也要正确保存。"),
        ("big5", "帳戶被凍結", "您好，我的帳戶無法登入，請協助處理。"),
        ("gb2312", "客服不回复", "客服一直不回复，我很着急。"),
    ],
)
def test_a_chinese_mail_opens_a_ticket_with_its_text_intact(
    platform, kefu_smtpd, charset, subject, body
):
    send(kefu_smtpd, text_mail(body=body, subject=subject, charset=charset))

    ticket = only_ticket()
    assert (ticket.subject, ticket.body) == (subject, body)
    assert ticket.channel == "email"
    assert ticket.contact == {"email": "wang@example.com", "name": "王小明"}
    assert ticket.language == "zh-hans"
    assert MailRecord.objects.filter(
        ticket=ticket, direction="in", message_id="m1@example.com"
    ).exists()
    [ack] = acks()
    assert ack.recipient == "wang@example.com"
    assert ack.subject.startswith(f"[{ticket.reference}] ")
    assert ack.headers["auto_submitted"] == "auto-replied"
    assert "kft_" not in ack.body  # the private link is filled in at send time only


def test_a_quoted_printable_html_mail_is_stored_as_text(platform, kefu_smtpd):
    html = (
        "<html><head><style>p{color:red}</style></head><body>"
        "<p>您好，</p><p>我的<b>转账</b>失败了，交易哈希见下。</p>"
        "<script>alert(1)</script><ul><li>金额：100 USDT</li></ul></body></html>"
    )
    raw = html_mail(html=html, subject="Transfer failed", message_id="<h1@example.com>")
    assert b"quoted-printable" in raw

    send(kefu_smtpd, raw, sender="li@example.com")

    ticket = only_ticket()
    assert ticket.body == "您好，\n\n我的转账失败了，交易哈希见下。\n\n- 金额：100 USDT"


def test_attachments_become_hashed_ticket_attachments(platform, kefu_smtpd):
    log = b"2026-11-20 09:30 withdraw pending\n"
    raw = mail_with_attachments(
        body="截图和日志见附件。",
        subject="提现失败",
        message_id="<a1@example.com>",
        files=[("截图.png", PNG, "image/png"), ("log.txt", log, "text/plain")],
    )

    send(kefu_smtpd, raw, sender="zhao@example.com")

    ticket = only_ticket()
    stored = {a.name: a for a in Attachment.objects.filter(ticket=ticket)}
    assert set(stored) == {"截图.png", "log.txt"}
    assert stored["截图.png"].sha256 == hashlib.sha256(PNG).hexdigest()
    assert stored["截图.png"].content_type == "image/png"
    assert stored["log.txt"].sha256 == hashlib.sha256(log).hexdigest()


def test_a_refused_attachment_is_noted_and_the_ticket_kept(platform, kefu_smtpd):
    raw = mail_with_attachments(
        body="请看附件。",
        subject="附件",
        message_id="<a2@example.com>",
        files=[
            ("tool.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream"),
            ("backup.txt", SEED_PHRASE.encode(), "text/plain"),
        ],
    )

    send(kefu_smtpd, raw, sender="zhao@example.com")

    ticket = only_ticket()
    assert ticket.attachments.count() == 0
    refused = TicketEvent.objects.filter(ticket=ticket, kind="attachment_refused")
    assert sorted((e.after["name"], e.after["reason"], e.public) for e in refused) == [
        ("backup.txt", "quarantined", False),
        ("tool.exe", "unsupported_file", False),
    ]
    [ack] = acks()
    assert "tool.exe" in ack.body
    assert "backup.txt" in ack.body


def test_a_mail_to_an_unknown_address_is_refused_at_rcpt(platform, kefu_smtpd):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(kefu_smtpd, text_mail(body="hi", subject="hi"), to="nobody@kefu.localhost")

    assert refused.value.recipients["nobody@kefu.localhost"][0] == 550
    assert Ticket.objects.count() == 0
    assert MailRecord.objects.count() == 0


def test_a_configured_extra_address_is_accepted(platform, kefu_smtpd):
    platform.settings = {"mail_addresses": ["Support@Acme.example"]}
    platform.save()

    send(kefu_smtpd, text_mail(body="hello", subject="hi"), to="support@acme.example")

    assert only_ticket().platform == platform


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X-Autoreply": "yes"},
    ],
)
def test_an_automatic_mail_is_stored_but_never_acknowledged(platform, kefu_smtpd, headers):
    raw = text_mail(body="我现在不在办公室。", subject="自动回复：休假中", headers=headers)

    send(kefu_smtpd, raw)

    ticket = only_ticket()
    assert ticket.body == "我现在不在办公室。"
    assert acks() == []
    assert MailRecord.objects.get(direction="in").outcome == "opened:auto"


def test_a_duplicate_delivery_creates_nothing_new(platform, kefu_smtpd):
    raw = text_mail(body="第一次", subject="重复", message_id="<dup@example.com>")

    send(kefu_smtpd, raw)
    send(kefu_smtpd, raw)

    only_ticket()
    assert MailRecord.objects.filter(direction="in").count() == 1
    assert len(acks()) == 1


def test_a_seed_phrase_in_a_mail_is_stored_redacted(platform, kefu_smtpd):
    body = f"客服让我提供助记词：{SEED_PHRASE} 请帮我看看。"

    send(kefu_smtpd, text_mail(body=body, subject="钱包问题"))

    ticket = only_ticket()
    assert "sausage" not in ticket.body
    assert "legal winner" not in ticket.body
    assert ticket.redactions == [{"kind": "mnemonic", "count": 1}]
    [ack] = acks()
    assert "sausage" not in ack.body
    assert "seed phrase" in ack.body or "助记词" in ack.body or "secret" in ack.body
