"""Writes for people: staff memberships and API tokens."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.accounts.models import ApiToken, Membership, Role, User
from kefu.common import clock
from kefu.common.errors import FieldError, Invalid, NotFound
from kefu.common.queries import one_or_none
from kefu.common.tokens import digest, new_secret
from kefu.platforms.models import Platform


def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Return the token row and the secret, which is shown once and never stored."""
    if not user.memberships.filter(is_active=True).exists() and not user.is_superuser:
        raise Invalid("API tokens are for staff users only.")
    secret = new_secret("kefu")
    token = ApiToken.objects.create(user=user, name=name, digest=digest(secret), prefix=secret[:9])
    return token, secret


def api_token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(id=token_id, user=user, revoked_at=None).update(
        revoked_at=clock.now()
    )
    if not updated:
        raise NotFound("No such active token.")


def api_token_authenticate(secret: str) -> User | None:
    token = one_or_none(
        ApiToken.objects.select_related("user").filter(
            digest=digest(secret), revoked_at=None, user__is_active=True
        )
    )
    return token.user if token else None


@transaction.atomic
def membership_upsert(
    *,
    platform: Platform,
    username: str,
    role: Role,
    display_name: str,
    employee_id: str,
    tier: int = 1,
    compensation_limit: Decimal = Decimal("0"),
    password: str | None = None,
    email: str = "",
) -> Membership:
    if not 1 <= tier <= 4:
        raise Invalid("Tier must be between 1 and 4.")
    taken = Membership.objects.filter(platform=platform, employee_id=employee_id).exclude(
        user__username=username
    )
    if taken.exists():
        raise Invalid(
            _("Employee ID %(id)s is already used on this platform.") % {"id": employee_id},
            errors=[FieldError("employee_id", _("Already in use."))],
        )
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name, "email": email}
    )
    if password is not None and (created or not user.has_usable_password()):
        user.set_password(password)
        user.save(update_fields=["password"])
    membership, _created = Membership.objects.update_or_create(
        user=user,
        platform=platform,
        defaults={
            "role": role,
            "display_name": display_name,
            "employee_id": employee_id,
            "tier": tier,
            "compensation_limit": compensation_limit,
            "is_active": True,
        },
    )
    return membership


def membership_set_availability(*, membership: Membership, available: bool) -> None:
    Membership.objects.filter(pk=membership.pk).update(is_available=available)
