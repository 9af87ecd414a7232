"""Channel state: the outbox, mail threading, chat threads, bots, webhooks, anti-phishing codes.

Secrets that Kefu must *use* (a bot token, an HMAC key) are stored as given, because a digest
cannot sign or call an API; they are never logged and never leave through the API.
"""

from django.db import models
from django.db.models import Q


class OutboxStatus(models.TextChoices):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(models.Model):
    """A notification written in the same transaction as the change that causes it.

    The worker delivers it; the idempotency key makes a second write of the same notice a no-op,
    and the conditional claim (pending → sending) makes a second delivery attempt a no-op.
    """

    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE)
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.CASCADE)
    channel = models.CharField(max_length=16, default="email")
    recipient = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    # E-mail only: the thread headers (message_id, in_reply_to, references) fixed at write time,
    # so a resend after a crash carries the same Message-ID.
    headers = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    available_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["available_at"],
                name="outbox_pending_due",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"outbox {self.pk} {self.channel} {self.status}"


class MailDirection(models.TextChoices):
    IN = "in"
    OUT = "out"


class MailRecord(models.Model):
    """One e-mail in or out of a ticket's thread, by Message-ID (deduplicates deliveries)."""

    # No single-column indexes: the two composite indexes below start with these keys.
    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE, db_index=False)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mails",
        db_index=False,
    )
    direction = models.CharField(max_length=4, choices=MailDirection.choices)
    # sha256 of the normalised Message-ID: fixed length, so the unique index works everywhere.
    message_id_digest = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(max_length=255)
    # sha256 of the sender's address (inbound only): the hourly acknowledgement limit counts these.
    sender_digest = models.CharField(max_length=64, blank=True)
    # What happened to an inbound mail: ticket_opened, replied, auto_reply, rate_limited, …
    outcome = models.CharField(max_length=24, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="mail_thread_of_ticket"),
            models.Index(
                fields=["platform", "sender_digest", "created_at"], name="mail_per_sender_rate"
            ),
        ]

    def __str__(self) -> str:
        return f"mail {self.direction} {self.message_id[:40]}"


class ChannelThread(models.Model):
    """A conversation outside Kefu (a Telegram chat, a bridged DM) bound to one ticket.

    One active ticket per conversation: the newest row whose ticket is still active wins;
    once that ticket is closed the next message opens a new ticket and a new row.
    """

    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE)
    channel = models.CharField(max_length=16)
    address = models.CharField(max_length=128)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="channel_threads"
    )
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["platform", "channel", "address", "-created_at"],
                name="thread_by_conversation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.address} → {self.ticket_id}"


class InboundSeen(models.Model):
    """Ids already processed (Telegram update_id, webhook message ids and signatures)."""

    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE)
    kind = models.CharField(max_length=24)
    key = models.CharField(max_length=128)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "kind", "key"], name="inbound_seen_unique")
        ]
        indexes = [models.Index(fields=["seen_at"], name="inbound_seen_prune")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key[:16]}"


class AntiPhishingCode(models.Model):
    """A requester's personal code word, shown in every genuine message Kefu sends them."""

    channel = models.CharField(max_length=16)  # email | telegram
    address = models.CharField(max_length=255)  # lower-cased e-mail or Telegram chat id
    code = models.CharField(max_length=32)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="anti_phishing_unique")
        ]

    def __str__(self) -> str:
        return f"anti-phishing code for {self.channel}"


class TelegramBot(models.Model):
    """A platform's Telegram bot: the token calls the Bot API; two secrets guard the webhook."""

    platform = models.OneToOneField(
        "platforms.Platform", on_delete=models.CASCADE, related_name="telegram_bot"
    )
    token = models.CharField(max_length=128)
    path_secret = models.CharField(max_length=128)
    header_secret = models.CharField(max_length=256)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:  # never the token
        return f"telegram bot of {self.platform_id}"

    def __repr__(self) -> str:
        return f"<TelegramBot {self.pk} platform={self.platform_id}>"


class MediaStatus(models.TextChoices):
    PENDING = "pending"
    STORED = "stored"
    REFUSED = "refused"  # the evidence checks said no (size, type, a secret in a text file)
    FAILED = "failed"  # Telegram would not hand it over after every attempt


class TelegramMedia(models.Model):
    """A photo or file a requester sent the bot: recorded with the message, in its
    transaction, and fetched from the Bot API by the worker (never inside the webhook, which
    must answer Telegram at once). Only Telegram's file id is kept until it is stored."""

    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE)
    chat_id = models.CharField(max_length=64)
    language = models.CharField(max_length=8)
    file_id = models.CharField(max_length=255)
    name = models.CharField(max_length=200)
    declared_size = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=8, choices=MediaStatus.choices, default=MediaStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["claimed_at"],
                name="tg_media_pending",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"telegram media {self.pk} ({self.status})"


class InboundWebhook(models.Model):
    """The HMAC key a platform's DM bridge signs inbound messages with."""

    platform = models.OneToOneField(
        "platforms.Platform", on_delete=models.CASCADE, related_name="inbound_webhook"
    )
    secret = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"inbound webhook of {self.platform_id}"

    def __repr__(self) -> str:
        return f"<InboundWebhook {self.pk} platform={self.platform_id}>"


class WebhookEvent(models.TextChoices):
    TICKET_CREATED = "ticket.created"
    TICKET_UPDATED = "ticket.updated"
    TICKET_ESCALATED = "ticket.escalated"
    TICKET_RESOLVED = "ticket.resolved"
    MESSAGE_CREATED = "message.created"


class WebhookSubscription(models.Model):
    platform = models.ForeignKey(
        "platforms.Platform", on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=128)
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["platform", "is_active"], name="webhook_subs_of_platform")]

    def __str__(self) -> str:
        return f"subscription {self.pk} of {self.platform_id}"

    def __repr__(self) -> str:
        return f"<WebhookSubscription {self.pk} platform={self.platform_id}>"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


class WebhookDelivery(models.Model):
    """One event for one subscriber; delivered at least once, retried with backoff."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField()
    event = models.CharField(max_length=32, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} {self.event} {self.status}"
