"""Console reads, always scoped to the platforms the actor works for."""

from __future__ import annotations

from datetime import datetime

from kefu.accounts.actors import Actor
from kefu.accounts.models import Membership
from kefu.common.errors import NotFound
from kefu.platforms.models import Platform
from kefu.platforms.selectors import platform_list
from kefu.sla.models import OnCallShift
from kefu.tickets import permissions
from kefu.tickets.models import Macro


def console_platforms(*, actor: Actor) -> list[Platform]:
    return list(platform_list().filter(id__in=actor.platform_ids))


def macros_for_platform(*, actor: Actor, platform_id: int) -> list[Macro]:
    if actor.membership(platform_id) is None:
        return []
    return list(Macro.objects.filter(platform_id=platform_id).order_by("title", "id"))


def staff_for_platform(*, actor: Actor, platform_id: int) -> list[Membership]:
    if actor.membership(platform_id) is None:
        return []
    return list(
        Membership.objects.filter(platform_id=platform_id, is_active=True)
        .select_related("user")
        .order_by("tier", "display_name", "id")
    )


def platform_get_for_admin(*, actor: Actor, slug: str) -> Platform:
    """The platform if the actor is its admin; NotFound for everyone else."""
    platform = platform_list().filter(slug=slug).first()
    if platform is None or not permissions.can_manage_platform(actor, platform.pk):
        raise NotFound("No platform with this name.")
    return platform


def macro_get_for_admin(*, actor: Actor, platform: Platform, macro_id: int) -> Macro:
    if not permissions.can_manage_platform(actor, platform.pk):
        raise NotFound("No such canned response.")
    macro = Macro.objects.filter(platform=platform, pk=macro_id).first()
    if macro is None:
        raise NotFound("No such canned response.")
    return macro


def oncall_for_platform(*, actor: Actor, platform_id: int, now: datetime) -> list[OnCallShift]:
    """Current and coming shifts, soonest first (past ones are history, not the roster)."""
    if actor.membership(platform_id) is None:
        return []
    return list(
        OnCallShift.objects.filter(platform_id=platform_id, ends_at__gt=now)
        .select_related("membership")
        .order_by("starts_at", "tier", "id")
    )
