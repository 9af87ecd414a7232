"""Where a requester's notice goes: back on the channel they used.

Called by `notify_requester` (kefu/tickets/services/common.py) inside the ticket service's
transaction. Telegram tickets are answered in their chat; anything with an e-mail contact gets
a threaded mail; every notice also becomes a webhook event for the platform's subscribers.
"""

from __future__ import annotations

from django.utils.translation import override

from kefu.channels.conf import tracking_link
from kefu.channels.events import emit_for_notice
from kefu.channels.models import ChannelThread
from kefu.channels.services.mail_out import mail_enqueue
from kefu.channels.services.outbox import outbox_enqueue
from kefu.channels.texts import text
from kefu.tickets.models import Channel, Ticket

# Channels that acknowledge a new ticket themselves (with the private link, see ADR 0003).
SELF_ACKNOWLEDGING = {Channel.EMAIL, Channel.TELEGRAM, Channel.WEBHOOK}


def requester_notice(ticket: Ticket, *, key: str, subject: str, body: str) -> None:
    emit_for_notice(ticket, key=key, audience="requester")
    if key == "acknowledged" and ticket.channel in SELF_ACKNOWLEDGING:
        return
    language = ticket.language
    with override(language):
        message = text(
            "notice",
            language,
            body=body,
            reference=ticket.reference,
            link=tracking_link(ticket.reference),
        )
    if ticket.channel == Channel.TELEGRAM:
        chat = (
            ChannelThread.objects.filter(ticket=ticket, channel=Channel.TELEGRAM)
            .values_list("address", flat=True)
            .first()
        )
        if chat is not None:
            outbox_enqueue(
                platform_id=ticket.platform_id,
                ticket_id=ticket.pk,
                recipient=chat,
                subject=f"[{ticket.reference}] {subject}",
                body=f"{subject}\n\n{message}",
                idempotency_key=f"ticket:{ticket.pk}:{key}",
                channel=Channel.TELEGRAM,
                language=language,
            )
            return
    email = (ticket.contact or {}).get("email")
    if email:
        mail_enqueue(
            ticket,
            recipient=email,
            subject=f"[{ticket.reference}] {subject}",
            body=message,
            key=key,
            # A staff member's answer is written by a person; other notices are automatic.
            auto_submitted="" if key.startswith("message:") else "auto-generated",
            # A web or app ticket's acknowledgement starts its mail thread: nothing to cite.
            thread=(None, []) if key == "acknowledged" else None,
        )


def staff_notice_event(ticket: Ticket, *, key: str) -> None:
    """The webhook side of `notify_assignee`: a requester's message or follow-up."""
    emit_for_notice(ticket, key=key, audience="staff")
