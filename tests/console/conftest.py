from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kefu.accounts.models import Membership, Role
from kefu.platforms.models import Platform
from tests.factories import MembershipFactory
from tests.portal.conftest import sign_in


@pytest.fixture
def admin(platform: Platform) -> Membership:
    return MembershipFactory(
        platform=platform,
        user__username="dora",
        display_name="赵经理",
        employee_id="D001",
        tier=4,
        role=Role.ADMIN,
    )


@pytest.fixture
def staff_client() -> Callable[[Membership], Client]:
    def make(membership: Membership) -> Client:
        return sign_in(Client(), membership.user)

    return make
