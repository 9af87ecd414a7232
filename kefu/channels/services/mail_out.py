"""E-mail out: threaded mails (Message-ID, In-Reply-To, References), text + HTML, code word.

Thread headers are fixed when the notice is written (in the caller's transaction) and the
outbound Message-ID is recorded at once, so a reply to a mail that is still in the outbox
threads onto the ticket too.
"""

from __future__ import annotations

import hashlib
import hmac
import html

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from kefu.channels.conf import mail_domain
from kefu.channels.mailparse import REPLY_MARKER_LINE
from kefu.channels.models import MailDirection, MailRecord, OutboxMessage
from kefu.channels.services.antiphishing import code_for
from kefu.channels.services.links import with_private_link
from kefu.channels.services.outbox import outbox_enqueue
from kefu.channels.texts import text
from kefu.common import clock
from kefu.common.db import statements
from kefu.platforms.models import Platform
from kefu.tickets.models import Channel, Ticket

MAX_REFERENCES = 10


def message_id_digest(message_id: str) -> str:
    return hashlib.sha256(message_id.strip().strip("<>").encode("utf-8", "replace")).hexdigest()


def support_address(platform: Platform) -> str:
    configured = (platform.settings or {}).get("mail_from")
    return str(configured) if configured else f"{platform.slug}@{mail_domain()}"


def new_message_id(ticket: Ticket, key: str) -> str:
    """Stable for (ticket, notice key): a notice written twice carries the same id."""
    mac = hmac.new(
        settings.SECRET_KEY.encode(), f"mid:{ticket.pk}:{key}".encode(), hashlib.sha256
    ).hexdigest()[:20]
    return f"kf.{ticket.reference.lower()}.{mac}@{mail_domain()}"


def thread_headers(ticket: Ticket) -> tuple[str | None, list[str]]:
    """(In-Reply-To, References): answer the requester's latest mail, cite the thread's root
    and its most recent mails (capped, as long References headers get truncated by MTAs)."""
    records = list(
        MailRecord.objects.filter(ticket=ticket)
        .order_by("created_at", "id")
        .values_list("direction", "message_id")
    )
    if not records:
        return None, []
    inbound = [mid for direction, mid in records if direction == MailDirection.IN]
    in_reply_to = inbound[-1] if inbound else records[-1][1]
    ids = [mid for _direction, mid in records]
    references = ids if len(ids) <= MAX_REFERENCES else [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return in_reply_to, references


def mail_enqueue(
    ticket: Ticket,
    *,
    recipient: str,
    subject: str,
    body: str,
    key: str,
    auto_submitted: str = "auto-generated",
    token_scope: str = "",
    thread: tuple[str | None, list[str]] | None = None,
) -> None:
    """Write a threaded mail to the outbox, inside the caller's transaction.

    `auto_submitted` is the RFC 3834 value ("" for a mail a person wrote, e.g. a staff reply).
    """
    message_id = new_message_id(ticket, key)
    in_reply_to, references = thread if thread is not None else thread_headers(ticket)
    now = clock.now()
    statements.insert(
        [
            MailRecord(
                platform_id=ticket.platform_id,
                ticket=ticket,
                direction=MailDirection.OUT,
                message_id_digest=message_id_digest(message_id),
                message_id=message_id,
                outcome="queued",
                created_at=now,
            )
        ],
        ignore_conflicts=True,
    )
    outbox_enqueue(
        platform_id=ticket.platform_id,
        ticket_id=ticket.pk,
        recipient=recipient,
        subject=subject,
        body=body,
        idempotency_key=f"ticket:{ticket.pk}:{key}",
        channel=Channel.EMAIL,
        headers={
            "message_id": message_id,
            "in_reply_to": in_reply_to,
            "references": references,
            "auto_submitted": auto_submitted,
            "token_scope": token_scope,
        },
        language=ticket.language,
    )


def _html(body_text: str, code_line: str | None) -> str:
    paragraphs = "".join(
        f"<p>{html.escape(block).replace(chr(10), '<br>')}</p>"
        for block in body_text.split("\n\n")
        if block.strip()
    )
    banner = (
        f'<p style="border:2px solid #0a7d32;padding:8px;font-weight:bold">'
        f"{html.escape(code_line)}</p>"
        if code_line
        else ""
    )
    return (
        '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">'
        f'<p style="color:#888;font-size:12px">{html.escape(REPLY_MARKER_LINE)}</p>'
        f"{banner}{paragraphs}</body></html>"
    )


def _display_name(platform: Platform, language: str) -> str:
    name = platform.name_en if language.startswith("en") else platform.name_zh
    return (name or platform.slug).replace('"', "").replace("<", "").replace(">", "")


def compose(message: OutboxMessage) -> EmailMultiAlternatives:
    """The mail for an outbox row, with the recipient's code word read at send time."""
    language = message.language or "zh-hans"
    code = code_for(channel=Channel.EMAIL, address=message.recipient)
    code_line = text("code_line", language, code=code) if code else None
    safety = text("safety" if code else "safety_no_code", language)
    parts = [REPLY_MARKER_LINE, ""]
    if code_line:
        parts += [code_line, ""]
    body = with_private_link(message)
    parts += [body, "", "—", safety]
    body_text = "\n".join(parts)
    headers: dict[str, str] = {}
    meta = message.headers or {}
    if meta.get("message_id"):
        headers["Message-ID"] = f"<{meta['message_id']}>"
    else:
        headers["Message-ID"] = f"<outbox-{message.pk}@{mail_domain()}>"
    if meta.get("in_reply_to"):
        headers["In-Reply-To"] = f"<{meta['in_reply_to']}>"
    if meta.get("references"):
        headers["References"] = " ".join(f"<{mid}>" for mid in meta["references"])
    if meta.get("auto_submitted"):
        headers["Auto-Submitted"] = str(meta["auto_submitted"])
    platform = message.platform
    sender = support_address(platform)
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=body_text,
        from_email=f"{_display_name(platform, language)} <{sender}>",
        to=[message.recipient],
        reply_to=[sender],
        headers=headers,
    )
    mail.encoding = "utf-8"
    mail.attach_alternative(_html("\n\n".join([body, safety]), code_line), "text/html")
    return mail


def send_outbox_mail(message: OutboxMessage) -> None:
    compose(message).send()
