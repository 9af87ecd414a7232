"""E-mail in: a raw RFC 5322 message → a new ticket or a reply on its thread.

Order of decisions: which platform (by recipient) → parse → duplicate? (Message-ID) →
which ticket (In-Reply-To/References, then the reference in the subject, and only when the
sender is the ticket's contact) → store through the ticket services (they shield every text)
→ attachments through `ticket_attach` → acknowledge, unless the mail is automatic or the
sender is over the hourly limit.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import override

from kefu.accounts.actors import ANONYMOUS
from kefu.channels.conf import PRIVATE_LINK, mail_domain, mail_rate_limit
from kefu.channels.mailparse import MailAttachment, ParsedMail, parse_mail
from kefu.channels.models import MailDirection, MailRecord
from kefu.channels.services.conversations import requester_actor
from kefu.channels.services.mail_out import mail_enqueue, message_id_digest
from kefu.channels.texts import text
from kefu.common import clock
from kefu.common.errors import DomainError, NotFound
from kefu.common.shielding import redaction_warnings, shield_text
from kefu.platforms.models import Platform
from kefu.tickets.models import ACTIVE_STATUSES, Channel, Kind, Status, Ticket
from kefu.tickets.services import (
    RequesterAction,
    TicketDraft,
    ticket_attach,
    ticket_link_follow_up,
    ticket_note_refused_attachment,
    ticket_open,
    ticket_reply,
    ticket_requester_action,
)
from kefu.tickets.services.intake import MAX_BODY, MAX_SUBJECT, clock_local

log = logging.getLogger("kefu.mail")
REFERENCE = re.compile(r"\bKF-([0-9A-Z]{4})-([0-9A-Z]{4})\b", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class MailOutcome:
    status: str  # opened | replied | reopened | kept | duplicate | loop
    reference: str | None = None
    acknowledged: bool = False
    auto_reason: str = ""
    refused_attachments: list[str] = field(default_factory=list)


def mail_platform_for(address: str) -> Platform | None:
    """The platform whose support address this is: `{slug}@KEFU_MAIL_DOMAIN`, or one listed
    in `platform.settings["mail_addresses"]`."""
    address = address.strip().strip("<>").lower()
    local, _at, domain = address.rpartition("@")
    if not local:
        return None
    if domain == mail_domain():
        platform = Platform.objects.filter(slug=local, is_active=True).first()
        if platform is not None:
            return platform
    for platform in Platform.objects.filter(is_active=True).exclude(settings={}):
        listed = platform.settings.get("mail_addresses") or []
        if address in {str(item).strip().lower() for item in listed}:
            return platform
    return None


def detect_language(*texts: str) -> str:
    return "zh-hans" if any(_CJK.search(t[:4000]) for t in texts) else "en"


def _fit(value: str, limit: int, *, suffix: str = "") -> str:
    """Cut a text that is too long *after* shielding it, so a secret is never cut in half."""
    if len(value) <= limit:
        return value
    shielded = shield_text(value, author_role="requester").text
    return shielded[: limit - len(suffix)] + suffix


def _thread_ticket(platform: Platform, parsed: ParsedMail) -> Ticket | None:
    ticket = None
    digests = [message_id_digest(mid) for mid in parsed.thread_ids[:20]]
    if digests:
        records = {
            r.message_id_digest: r
            for r in MailRecord.objects.select_related("ticket", "ticket__platform").filter(
                platform=platform, message_id_digest__in=digests, ticket__isnull=False
            )
        }
        ticket = next((records[d].ticket for d in digests if d in records), None)
    if ticket is None:
        found = REFERENCE.search(parsed.subject)
        if found:
            reference = f"KF-{found.group(1)}-{found.group(2)}".upper()
            ticket = (
                Ticket.objects.select_related("platform")
                .filter(platform=platform, reference=reference)
                .first()
            )
    # Knowing a reference is not proof: only the ticket's own contact continues it by mail.
    if ticket is not None and (ticket.contact or {}).get("email", "").lower() == parsed.sender:
        return ticket
    return None


def sender_digest(platform: Platform, sender: str) -> str:
    return hashlib.sha256(f"{platform.pk}:{sender}".encode()).hexdigest()


def _may_acknowledge(platform: Platform, parsed: ParsedMail, digest: str) -> bool:
    """Never answer an automatic mail; answer a sender at most N times an hour (the mails
    beyond that are still stored, silently). Counted in the mail table itself: exact across
    processes, one indexed query, inside the ingestion transaction."""
    if parsed.auto_reason or not parsed.sender:
        return False
    recent = MailRecord.objects.filter(
        platform=platform,
        sender_digest=digest,
        direction=MailDirection.IN,
        created_at__gte=clock.now() - timedelta(hours=1),
    ).count()
    return recent < mail_rate_limit()


def mail_ingest(
    *,
    raw: bytes,
    recipients: list[str],
    envelope_from: str | None = None,
    platform: Platform | None = None,
) -> MailOutcome:
    """Store one mail. `platform` may be given when the caller already resolved a recipient
    (the SMTP listener does at RCPT time); otherwise the first known recipient decides."""
    platform = platform or next(
        (p for p in (mail_platform_for(r) for r in recipients) if p is not None), None
    )
    if platform is None:
        raise NotFound("No support address here.")
    parsed = parse_mail(raw, envelope_from=envelope_from)
    digest = message_id_digest(parsed.message_id)
    if parsed.sender.endswith("@" + mail_domain()):
        # One of our own addresses writing to us: a loop in the making. Remember, never answer.
        MailRecord.objects.bulk_create(
            [_record(platform, parsed, digest, outcome="loop")], ignore_conflicts=True
        )
        return MailOutcome("loop", auto_reason="own_address")
    try:
        with transaction.atomic():
            record = _record(platform, parsed, digest, outcome="")
            acknowledge = _may_acknowledge(platform, parsed, record.sender_digest)
            outcome = _store(platform, parsed, record, acknowledge=acknowledge)
    except IntegrityError:
        if MailRecord.objects.filter(message_id_digest=digest).exists():
            return MailOutcome("duplicate")  # the same mail, delivered twice at once
        raise
    log.info(
        "mail.ingested platform=%s status=%s reference=%s auto=%s attachments=%d refused=%d",
        platform.slug,
        outcome.status,
        outcome.reference,
        parsed.auto_reason or "-",
        len(parsed.attachments),
        len(outcome.refused_attachments),
    )
    return outcome


def _record(platform: Platform, parsed: ParsedMail, digest: str, *, outcome: str) -> MailRecord:
    return MailRecord(
        platform=platform,
        direction=MailDirection.IN,
        message_id_digest=digest,
        message_id=parsed.message_id[:255],
        sender_digest=sender_digest(platform, parsed.sender) if parsed.sender else "",
        outcome=outcome,
        created_at=clock.now(),
    )


def _store(
    platform: Platform, parsed: ParsedMail, record: MailRecord, *, acknowledge: bool
) -> MailOutcome:
    ticket = _thread_ticket(platform, parsed)
    language = (
        ticket.language if ticket is not None else detect_language(parsed.subject, parsed.text)
    )
    with override(language):
        body = _fit(parsed.text, MAX_BODY, suffix="\n" + text("truncated", language))
        if not body.strip():
            body = text("empty_body", language)
        if ticket is not None and parsed.auto_reason and ticket.status not in ACTIVE_STATUSES:
            # An out-of-office answer to "your complaint is resolved" (or to any notice of a
            # finished ticket) reopens nothing and opens nothing: it is kept as a record of
            # the thread, never acknowledged.
            record.ticket = ticket
            record.outcome = "kept:auto"
            record.save(force_insert=True)
            return MailOutcome("kept", ticket.reference, auto_reason=parsed.auto_reason)
        if ticket is not None and ticket.status == Status.RESOLVED:
            # An answer to "your complaint is resolved" means it is not over for them: the
            # ticket opens again (the portal's Reopen), the mail on its timeline.
            ticket = ticket_requester_action(
                actor=requester_actor(ticket),
                ticket=ticket,
                action=RequesterAction.REOPEN,
                reason="replied_by_mail",
            )
            status = "reopened"
        else:
            status = "replied"
        if ticket is not None and ticket.status in ACTIVE_STATUSES:
            reply = ticket_reply(
                actor=requester_actor(ticket), ticket=ticket, body=body, channel=Channel.EMAIL
            )
            redactions, warnings, opened = reply.redactions, reply.warnings, False
        else:
            # A closed or withdrawn ticket stays finished: the mail opens a new one, linked.
            previous = ticket
            subject = _fit(parsed.subject, MAX_SUBJECT, suffix="…") or text("no_subject", language)
            name = shield_text(parsed.sender_name[:120], author_role="requester").text
            contact = {"email": parsed.sender} if parsed.sender else {}
            if name:
                contact["name"] = name
            result = ticket_open(
                actor=ANONYMOUS,
                draft=TicketDraft(
                    platform=platform.slug,
                    subject=subject,
                    body=body,
                    kind=str(platform.settings.get("channel_ticket_kind", Kind.INQUIRY)),
                    contact=contact,
                    channel=Channel.EMAIL,
                ),
                idempotency_scope=_token_scope(record),
            )
            ticket, opened = result.ticket, True
            status, redactions, warnings = "opened", result.redactions, result.warnings
            if previous is not None:
                ticket_link_follow_up(ticket=ticket, previous=previous)
        record.ticket = ticket
        record.outcome = status if not parsed.auto_reason else f"{status}:auto"
        # Inserted last, so one INSERT; a second delivery of the same mail fails here (unique
        # Message-ID) and everything above rolls back with it.
        record.save(force_insert=True)
        refused = [_attach(ticket, item) for item in parsed.attachments]
        refused_names = [name for name in refused if name]
        if acknowledge and opened:
            _acknowledge(ticket, record, warnings, refused_names)
        elif acknowledge and (warnings or refused_names):
            _warn(ticket, record, warnings or redaction_warnings(redactions), refused_names)
    return MailOutcome(
        status,
        ticket.reference,
        acknowledged=acknowledge and opened,
        auto_reason=parsed.auto_reason,
        refused_attachments=refused_names,
    )


def _token_scope(record: MailRecord) -> str:
    return f"mail:{record.message_id_digest}"


def _attach(ticket: Ticket, item: MailAttachment) -> str | None:
    """Store one attachment; a refused file is noted on the ticket, never losing the mail."""
    upload = SimpleUploadedFile(item.name[:200] or "file", item.data, item.content_type)
    try:
        ticket_attach(actor=requester_actor(ticket), ticket=ticket, upload=upload)
    except DomainError as exc:
        name = shield_text(item.name[:200], author_role="requester").text
        ticket_note_refused_attachment(
            ticket=ticket,
            name=name,
            reason=exc.code.value,
            size=len(item.data),
            channel=Channel.EMAIL,
        )
        return name
    return None


def _refused_lines(names: list[str], language: str) -> str:
    if not names:
        return ""
    return f"\n\n{text('attachment_refused', language)}: " + ", ".join(names)


def _acknowledge(
    ticket: Ticket, record: MailRecord, warnings: list[str], refused: list[str]
) -> None:
    language = ticket.language
    body = text(
        "ack_body",
        language,
        reference=ticket.reference,
        due=clock_local(ticket.first_response_due, ticket.platform.time_zone)
        if ticket.first_response_due
        else "—",
        private_link=PRIVATE_LINK,
    )
    if warnings:
        body = "\n\n".join([*warnings, body])
    body += _refused_lines(refused, language)
    mail_enqueue(
        ticket,
        recipient=ticket.contact["email"],
        subject=f"[{ticket.reference}] {text('ack_subject', language)}",
        body=body,
        key="acknowledged",
        auto_submitted="auto-replied",
        token_scope=_token_scope(record),
        thread=(record.message_id, [record.message_id]),  # a new thread: just this mail
    )


def _warn(ticket: Ticket, record: MailRecord, warnings: list[str], refused: list[str]) -> None:
    language = ticket.language
    body = "\n\n".join([text("secret_warning_title", language), *warnings]) if warnings else ""
    body = (body + _refused_lines(refused, language)).strip()
    mail_enqueue(
        ticket,
        recipient=ticket.contact["email"],
        subject=f"[{ticket.reference}] "
        + text("secret_warning_title" if warnings else "attachment_refused", language)[:120],
        body=body,
        key=f"warning:{record.message_id_digest[:16]}",
        auto_submitted="auto-replied",
    )
