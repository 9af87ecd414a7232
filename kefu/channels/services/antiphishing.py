"""Anti-phishing codes: a word the requester chooses, shown in every genuine message to them.

Scammers who pose as support can copy a mail's look but not the code word, so a message that
claims to come from Kefu without it is fake. Stored per address (an e-mail or a Telegram chat),
so it works without the portal and across tickets.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.channels.models import AntiPhishingCode, ChannelThread
from kefu.common import clock
from kefu.common.errors import FieldError, Invalid
from kefu.common.shielding import shield_text
from kefu.tickets.models import Channel, Ticket

CODE_PATTERN = re.compile(r"^[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]{4,20}$")


def normalise_address(channel: str, address: str) -> str:
    return address.strip().lower() if channel == Channel.EMAIL else address.strip()


def code_for(*, channel: str, address: str) -> str | None:
    row = (
        AntiPhishingCode.objects.filter(
            channel=channel, address=normalise_address(channel, address)
        )
        .values_list("code", flat=True)
        .first()
    )
    return row


def _validate(code: str) -> str:
    code = code.strip()
    if not CODE_PATTERN.match(code):
        raise Invalid(
            _("Use 4 to 20 letters, digits or Chinese characters."),
            errors=[FieldError("code", _("4 to 20 letters, digits or Chinese characters."))],
        )
    if shield_text(code, author_role="requester").changed:
        raise Invalid(
            _("Do not use a password or any part of a seed phrase as your code."),
            errors=[FieldError("code", _("Choose a word that is not a secret."))],
        )
    return code


def anti_phishing_code_set(*, channel: str, address: str, code: str) -> None:
    code = _validate(code)
    now = clock.now()
    AntiPhishingCode.objects.update_or_create(
        channel=channel,
        address=normalise_address(channel, address),
        defaults={"code": code, "updated_at": now},
        create_defaults={"code": code, "created_at": now, "updated_at": now},
    )


def ticket_addresses(ticket: Ticket) -> list[tuple[str, str]]:
    """Where Kefu writes to this ticket's requester: its e-mail and Telegram chats."""
    found: list[tuple[str, str]] = []
    email = (ticket.contact or {}).get("email")
    if email:
        found.append((Channel.EMAIL, normalise_address(Channel.EMAIL, email)))
    chats = ChannelThread.objects.filter(ticket=ticket, channel=Channel.TELEGRAM).values_list(
        "address", flat=True
    )
    found += [(Channel.TELEGRAM, chat) for chat in sorted(set(chats))]
    return found


def anti_phishing_code_set_for_ticket(*, ticket: Ticket, code: str) -> list[tuple[str, str]]:
    """Set the code for every address of the ticket's requester (the caller proved access)."""
    code = _validate(code)
    addresses = ticket_addresses(ticket)
    if not addresses:
        raise Invalid(
            _("This ticket has no e-mail or Telegram contact to protect."),
            errors=[FieldError("reference", _("No e-mail or Telegram contact."))],
        )
    with transaction.atomic():
        for channel, address in addresses:
            anti_phishing_code_set(channel=channel, address=address, code=code)
    return addresses


def mask_address(channel: str, address: str) -> str:
    if channel == Channel.EMAIL and "@" in address:
        local, _at, domain = address.partition("@")
        return f"{local[:2]}***@{domain}"
    return f"***{address[-3:]}"
