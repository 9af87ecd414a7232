"""Thin task adapters: ids in, one service call, safe to run twice."""

from django_tasks import task

from kefu.channels.services import outbox_deliver, outbox_drain


@task()
def deliver_outbox_message(message_id: int) -> bool:
    return outbox_deliver(message_id=message_id)


@task()
def drain_outbox() -> int:
    return outbox_drain()
