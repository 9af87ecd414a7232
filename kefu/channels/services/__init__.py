"""Channel writes. Only the outbox is re-exported here: ticket services import it, and the
channel modules (mail, telegram, webhooks) import ticket services, so they are imported by
their own path (`kefu.channels.services.mail_in`, …) to keep the import graph acyclic."""

from kefu.channels.services.outbox import (
    outbox_deliver,
    outbox_drain,
    outbox_enqueue,
    outbox_release_stale,
)

__all__ = ["outbox_deliver", "outbox_drain", "outbox_enqueue", "outbox_release_stale"]
