"""Console writes that no domain app owns yet: canned responses, platform texts, staff.

Each checks that the actor administers the platform; the views only call these.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.accounts.actors import Actor
from kefu.accounts.models import Membership, Role
from kefu.accounts.services import membership_set_availability, membership_upsert
from kefu.common.errors import FieldError, Invalid, NotFound
from kefu.common.shielding import shield_text
from kefu.platforms.models import Platform
from kefu.platforms.registry import registry_version_bump
from kefu.platforms.selectors import platform_cache_clear
from kefu.tickets import permissions
from kefu.tickets.models import Macro
from kefu.tickets.services.conversation import STAFF_FORBIDDEN_RISKS

PLACEHOLDERS = ("requester_name", "reference", "agent_name", "employee_id")


def _require_admin(actor: Actor, platform: Platform) -> None:
    if not permissions.can_manage_platform(actor, platform.pk):
        raise NotFound(_("No platform with this name."))


def _clean_macro(title: str, body: str) -> tuple[str, str]:
    errors: list[FieldError] = []
    title, body = title.strip(), body.strip()
    if not title:
        errors.append(FieldError("title", _("Give the canned response a title.")))
    if not body:
        errors.append(FieldError("body", _("Write the text.")))
    shielded = shield_text(body, author_role="agent")
    if shielded.redactions:
        errors.append(FieldError("body", _("The text contains a secret.")))
    refused = sorted(set(shielded.risks) & STAFF_FORBIDDEN_RISKS)
    if refused:
        errors.append(
            FieldError(
                "body",
                _("Staff must never ask for secrets, payments or remote access: %(reasons)s")
                % {"reasons": " ".join(shielded.risk_messages)},
            )
        )
    if errors:
        raise Invalid(_("Some fields need your attention."), errors=errors)
    return title[:120], body


def macro_create(*, actor: Actor, platform: Platform, title: str, body: str) -> Macro:
    _require_admin(actor, platform)
    title, body = _clean_macro(title, body)
    return Macro.objects.create(platform=platform, title=title, body=body)


def macro_update(*, actor: Actor, macro: Macro, title: str, body: str) -> Macro:
    _require_admin(actor, macro.platform)
    title, body = _clean_macro(title, body)
    Macro.objects.filter(pk=macro.pk, platform_id=macro.platform_id).update(title=title, body=body)
    macro.title, macro.body = title, body
    return macro


def macro_delete(*, actor: Actor, macro: Macro) -> None:
    _require_admin(actor, macro.platform)
    Macro.objects.filter(pk=macro.pk, platform_id=macro.platform_id).delete()


def platform_texts_update(
    *,
    actor: Actor,
    platform: Platform,
    name_zh: str,
    name_en: str,
    description_zh: str,
    description_en: str,
) -> Platform:
    _require_admin(actor, platform)
    errors = [
        FieldError(name, _("Required."))
        for name, value in (("name_zh", name_zh), ("name_en", name_en))
        if not value.strip()
    ]
    if errors:
        raise Invalid(_("Some fields need your attention."), errors=errors)
    fields = {
        "name_zh": name_zh.strip()[:120],
        "name_en": name_en.strip()[:120],
        "description_zh": description_zh.strip(),
        "description_en": description_en.strip(),
    }
    with transaction.atomic():
        Platform.objects.filter(pk=platform.pk).update(**fields)
        platform_cache_clear()
        registry_version_bump()  # verdicts name the platform: rebuild the verify registry
    for name, value in fields.items():
        setattr(platform, name, value)
    return platform


@transaction.atomic
def staff_member_add(
    *,
    actor: Actor,
    platform: Platform,
    username: str,
    display_name: str,
    employee_id: str,
    role: str,
    tier: int,
    password: str | None,
) -> Membership:
    _require_admin(actor, platform)
    errors: list[FieldError] = []
    if role not in Role.values:
        errors.append(FieldError("role", _("Unknown role.")))
    taken = (
        Membership.objects.filter(platform=platform, employee_id=employee_id.strip())
        .exclude(user__username=username.strip())
        .exists()
    )
    if taken:
        errors.append(FieldError("employee_id", _("Another staff member has this employee ID.")))
    if errors:
        raise Invalid(_("Some fields need your attention."), errors=errors)
    return membership_upsert(
        platform=platform,
        username=username.strip(),
        role=Role(role),
        display_name=display_name.strip(),
        employee_id=employee_id.strip(),
        tier=tier,
        password=password or None,
    )


def staff_availability_set(
    *, actor: Actor, platform: Platform, membership_id: int, available: bool
) -> Membership:
    _require_admin(actor, platform)
    membership = Membership.objects.filter(platform=platform, pk=membership_id).first()
    if membership is None:
        raise NotFound(_("No such staff member on this platform."))
    membership_set_availability(membership=membership, available=available)
    membership.is_available = available
    return membership
