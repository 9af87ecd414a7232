"""Who may moderate scam reports and manage a platform's official channels: pure predicates."""

from __future__ import annotations

from kefu.accounts.actors import Actor
from kefu.accounts.models import Role
from kefu.platforms.models import APPROVAL_KINDS


def can_moderate(actor: Actor) -> bool:
    """Site moderators (and superusers) confirm scam reports and approve channel changes."""
    user = actor.user
    return bool(user and user.is_active and (user.is_moderator or user.is_superuser))


def can_manage_channels(actor: Actor, platform_id: int) -> bool:
    return actor.has_role(platform_id, Role.ADMIN)


def change_needs_approval(kind: str) -> bool:
    """Websites and e-mail domains: a hijacked admin must not list a phishing domain alone."""
    return kind in APPROVAL_KINDS


def can_decide_change(actor: Actor, requested_by_id: int | None) -> bool:
    """A moderator, and never the one who asked for the change (four eyes)."""
    return can_moderate(actor) and (actor.user is not None and actor.user.pk != requested_by_id)
