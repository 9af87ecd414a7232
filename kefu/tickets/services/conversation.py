"""Messages and evidence on a ticket: every text through the shield, every file hashed."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from kefu.accounts.actors import SYSTEM, Actor
from kefu.chains.extract import find_addresses
from kefu.common.errors import DomainError, ErrorCode, FieldError, Forbidden, Invalid, UnsafeMessage
from kefu.common.evidence import inspect_evidence
from kefu.common.shielding import redaction_warnings, shield_text
from kefu.tickets import permissions
from kefu.tickets.models import Attachment, AuthorRole, Channel, Message, Status, Ticket
from kefu.tickets.services.common import (
    Change,
    actor_identity,
    lock_ticket,
    notify_assignee,
    notify_requester,
    side_of,
)
from kefu.tickets.transitions import Side

MAX_MESSAGE = 20_000
# Risks that make a staff message refused outright: staff never ask for these.
STAFF_FORBIDDEN_RISKS = {
    "asks_for_secret",
    "asks_for_payment",
    "remote_access",
    "off_platform_contact",
    "shares_secret",
}


@dataclass(frozen=True)
class ReplyResult:
    message: Message
    redactions: list[dict[str, object]]
    flags: list[str]
    warnings: list[str]


def ticket_reply(
    *,
    actor: Actor,
    ticket: Ticket,
    body: str,
    internal: bool = False,
    channel: str = Channel.WEB,
) -> ReplyResult:
    side = side_of(actor, ticket)
    if not body.strip():
        raise Invalid(
            _("The message is empty."), errors=[FieldError("body", _("Write a message."))]
        )
    if len(body) > MAX_MESSAGE:
        raise Invalid(
            _("The message is too long."),
            errors=[FieldError("body", _("At most 20,000 characters."))],
        )
    if internal and side != Side.STAFF:
        raise Forbidden(_("Only staff can write internal notes."))
    role = "agent" if side == Side.STAFF else "requester"
    shielded = shield_text(body, author_role=role)
    if side == Side.STAFF and not internal:
        refused = sorted(set(shielded.risks) & STAFF_FORBIDDEN_RISKS)
        if refused:
            raise UnsafeMessage(
                _(
                    "This reply was not sent: %(reasons)s Staff must never ask for secrets, "
                    "payments or remote access."
                )
                % {"reasons": " ".join(shielded.risk_messages)},
                errors=[FieldError("body", code) for code in refused],
            )
    if side == Side.STAFF and not internal:
        _refuse_unlisted_addresses(ticket, shielded.text)
    with transaction.atomic():
        locked = lock_ticket(ticket.pk)
        change = Change(ticket=locked, actor=actor)
        if side == Side.REQUESTER:
            if locked.status in (Status.RESOLVED, Status.CLOSED, Status.WITHDRAWN):
                raise DomainError(
                    _("This complaint is finished. Reopen or dispute it to continue."),
                    code=ErrorCode.TRANSITION_REFUSED,
                )
            if locked.status == Status.AWAITING_REQUESTER:
                change.move(Status.OPEN, reason="requester_replied", side=Side.REQUESTER)
            change.set("last_requester_message_at", change.now)
        elif not internal:
            if locked.first_responded_at is None:
                change.set("first_responded_at", change.now)
                change.restart_clock()  # the first-response clock stops; resolution runs on
            if locked.status == Status.NEW:
                change.move(Status.OPEN, reason="first_response", side=Side.STAFF)
            change.set("last_staff_message_at", change.now)
        author_role, name, employee_id = actor_identity(actor, locked)
        message = Message.objects.create(
            ticket=locked,
            author_role=AuthorRole.STAFF if side == Side.STAFF else AuthorRole.REQUESTER,
            author=actor.user,
            author_name=name,
            employee_id=employee_id,
            body=shielded.text,
            internal=internal,
            channel=channel,
            redactions=shielded.redactions,
            flags=shielded.risks,
            created_at=change.now,
        )
        change.event(
            "note_added" if internal else "message_added",
            after={"message": message.pk},
            public=not internal,
        )
        change.save()
        if side == Side.STAFF and not internal:
            notify_requester(
                locked,
                key=f"message:{message.pk}",
                subject=_("Support answered your complaint"),
                body=_("%(name)s (employee ID %(employee_id)s) wrote:\n\n%(text)s")
                % {"name": name, "employee_id": employee_id, "text": shielded.text},
            )
        elif side == Side.REQUESTER:
            notify_assignee(
                locked,
                locked.assignee,
                key=f"message:{message.pk}",
                subject="New message from the requester",
            )
    ticket.status, ticket.version = locked.status, locked.version
    warnings = redaction_warnings(shielded.redactions) if side == Side.REQUESTER else []
    return ReplyResult(message, shielded.redactions, shielded.risks, warnings)


def _refuse_unlisted_addresses(ticket: Ticket, text: str) -> None:
    """A staff reply may name only the platform's own addresses or the requester's.

    "Send a small test deposit to …" is how insiders and fake agents steal; an address the
    platform has not listed as its own never reaches the requester.
    """
    mentioned = find_addresses(text)
    if not mentioned:
        return
    allowed = {str(a).lower() for a in ticket.platform.settings.get("own_addresses", [])}
    allowed |= {str(ref.get("value", "")).lower() for ref in ticket.chain_refs}
    requester_texts = [
        ticket.body,
        *Message.objects.filter(ticket=ticket, author_role=AuthorRole.REQUESTER).values_list(
            "body", flat=True
        ),
    ]
    for requester_text in requester_texts:
        allowed |= {ref.value.lower() for ref in find_addresses(requester_text)}
    unlisted = [ref.value for ref in mentioned if ref.value.lower() not in allowed]
    if unlisted:
        raise UnsafeMessage(
            _(
                "This reply was not sent: it names a wallet address (%(address)s) that is not one "
                "of the platform's own addresses. Staff must never ask users to send funds."
            )
            % {"address": unlisted[0]},
            errors=[FieldError("body", "unlisted_address")],
        )


def ticket_attach(
    *, actor: Actor, ticket: Ticket, upload: UploadedFile, internal: bool = False
) -> Attachment:
    if not permissions.can_view(actor, ticket):
        raise Forbidden(_("You may not add files to this ticket."))
    if internal and side_of(actor, ticket) != Side.STAFF:
        raise Forbidden(_("Only staff can add internal files."))
    evidence = inspect_evidence(upload)
    with transaction.atomic():
        locked = lock_ticket(ticket.pk)
        change = Change(ticket=locked, actor=actor)
        attachment = Attachment(
            ticket=locked,
            name=evidence.name,
            size=len(evidence.data),
            content_type=evidence.content_type,
            sha256=evidence.sha256,
            uploaded_by_role=AuthorRole.STAFF
            if side_of(actor, locked) == Side.STAFF
            else AuthorRole.REQUESTER,
            internal=internal,
            created_at=change.now,
        )
        attachment.file.save(evidence.sha256, ContentFile(evidence.data), save=False)
        attachment.save()
        change.event(
            "attachment_added",
            after={"name": evidence.name, "sha256": evidence.sha256, "size": len(evidence.data)},
            public=not internal,
        )
        change.save()
    return attachment


def ticket_note_refused_attachment(
    *, ticket: Ticket, name: str, reason: str, size: int | None, channel: str
) -> None:
    """A file that arrived through a channel (a mail attachment, a photo sent to the bot) and
    was refused: an internal timeline event, so the agent knows evidence was sent. ``name``
    must already have passed the shield."""
    with transaction.atomic():
        change = Change(ticket=lock_ticket(ticket.pk), actor=SYSTEM)
        change.event(
            "attachment_refused",
            after={"name": name, "reason": reason, "size": size, "channel": channel},
            public=False,
        )
        change.save()
