from django_tasks import task

from kefu.channels.services import outbox_deliver


@task()
def deliver_outbox_message(message_id: int) -> bool:
    return outbox_deliver(message_id=message_id)
