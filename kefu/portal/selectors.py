"""Reads for the web pages that the tickets app does not offer (yet)."""

from __future__ import annotations

from django.http import Http404

from kefu.accounts.actors import Actor
from kefu.tickets import permissions
from kefu.tickets.models import Attachment, Ticket


def attachment_get_for_actor(*, actor: Actor, ticket: Ticket, pk: int) -> Attachment:
    """A file of a ticket the actor already proved access to; internal files for staff only."""
    files = Attachment.objects.filter(ticket=ticket, pk=pk)
    if not permissions.can_see_internal(actor, ticket):
        files = files.filter(internal=False)
    attachment = files.first()
    if attachment is None:
        raise Http404("attachment")
    return attachment
