"""Thin task adapters: ids in, one service call, safe to run twice."""

from django_tasks import task

from kefu.channels.services import outbox_deliver, outbox_drain


@task()
def deliver_outbox_message(message_id: int) -> bool:
    return outbox_deliver(message_id=message_id)


@task()
def drain_outbox() -> int:
    return outbox_drain()


@task()
def fetch_telegram_media(media_id: int) -> str:
    from kefu.channels.services.telegram_media import telegram_media_fetch

    return telegram_media_fetch(media_id)
