"""Who is acting: resolved once per request, passed to every selector and service."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from kefu.accounts.models import Membership, Role, User


class ActorKind(StrEnum):
    ANONYMOUS = "anonymous"
    REQUESTER = "requester"  # signed in without staff membership, or holding a ticket token
    STAFF = "staff"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    user: User | None = None
    memberships: Mapping[int, Membership] = field(default_factory=dict)
    # Set when the requester proved access with a ticket's secret access token.
    ticket_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return bool(self.memberships)

    @property
    def is_site_admin(self) -> bool:
        return bool(self.user and self.user.is_superuser)

    @property
    def platform_ids(self) -> list[int]:
        return list(self.memberships)

    def membership(self, platform_id: int) -> Membership | None:
        return self.memberships.get(platform_id)

    def has_role(self, platform_id: int, minimum: Role) -> bool:
        membership = self.memberships.get(platform_id)
        if membership is None:
            return False
        rank = {Role.AGENT: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}
        return rank[Role(membership.role)] >= rank[minimum]

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.username
        return self.kind.value


SYSTEM = Actor(kind=ActorKind.SYSTEM)
ANONYMOUS = Actor(kind=ActorKind.ANONYMOUS)


def actor_for_user(user: User | None, *, ticket_id: int | None = None) -> Actor:
    if user is None or not user.is_authenticated:
        if ticket_id is not None:
            return Actor(kind=ActorKind.REQUESTER, ticket_id=ticket_id)
        return ANONYMOUS
    memberships = {
        m.platform_id: m
        for m in Membership.objects.filter(user=user, is_active=True, platform__is_active=True)
    }
    kind = ActorKind.STAFF if memberships else ActorKind.REQUESTER
    return Actor(kind=kind, user=user, memberships=memberships, ticket_id=ticket_id)
