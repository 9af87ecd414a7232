"""Private tracking links, re-derived at send time so no access token rests in the outbox.

Tickets opened by a channel use `ticket_open(idempotency_scope=…)`, which derives the access
token as HMAC(SECRET_KEY, reference + scope) (ADR 0001). The notice stores the scope; the
worker derives the token again and puts the link in place of the placeholder.
"""

from __future__ import annotations

from kefu.channels.conf import PRIVATE_LINK, private_link
from kefu.channels.models import OutboxMessage


def with_private_link(message: OutboxMessage) -> str:
    scope = (message.headers or {}).get("token_scope")
    if PRIVATE_LINK not in message.body:
        return message.body
    if not scope or message.ticket is None:
        return message.body.replace(PRIVATE_LINK, "")
    from kefu.tickets.services.intake import derive_access_token

    reference = message.ticket.reference
    token = derive_access_token(reference=reference, idempotency_scope=scope)
    return message.body.replace(PRIVATE_LINK, private_link(reference, token))
