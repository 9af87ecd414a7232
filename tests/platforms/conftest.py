from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kefu.accounts.actors import Actor, actor_for_user
from kefu.accounts.models import Membership, Role, User
from kefu.platforms.models import OfficialChannel, Platform
from kefu.platforms.registry import registry_version_bump
from tests.conftest import Api
from tests.factories import MembershipFactory, PlatformFactory, UserFactory
from tests.portal.conftest import sign_in

BITPIE_CHANNELS = [
    ("website", "bitpie.com", "官方网站"),
    ("email", "support@bitpie.com", ""),
    ("telegram", "@bitpie_official", ""),
    ("phone", "+86 400 888 6666", "客服热线"),
]


@pytest.fixture
def bitpie(db: None) -> Platform:
    """A platform with official channels (set up as an operator's import would)."""
    platform = PlatformFactory(slug="bitpie", name_zh="比特派", name_en="Bitpie")
    for kind, value, label in BITPIE_CHANNELS:
        OfficialChannel.objects.create(
            platform=platform, kind=kind, value=value, label=label, source="tests"
        )
    registry_version_bump()
    return platform


@pytest.fixture
def bitpie_admin(bitpie: Platform) -> Membership:
    return MembershipFactory(
        platform=bitpie, user__username="pat", employee_id="P001", role=Role.ADMIN, tier=4
    )


@pytest.fixture
def bitpie_agent(bitpie: Platform) -> Membership:
    return MembershipFactory(platform=bitpie, user__username="ann", employee_id="P002")


@pytest.fixture
def moderator(db: None) -> User:
    return UserFactory(username="mia", is_moderator=True)


@pytest.fixture
def second_moderator(db: None) -> User:
    return UserFactory(username="max", is_moderator=True)


@pytest.fixture
def as_actor() -> Callable[[User], Actor]:
    def make(user: User) -> Actor:
        return actor_for_user(User.objects.get(pk=user.pk))

    return make


@pytest.fixture
def signed_in() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        return sign_in(Client(), user)

    return make


@pytest.fixture
def english_api(client: Client) -> Api:
    return EnglishApi(client)


class EnglishApi(Api):
    def post(self, path, body=None, *, access_token=None, headers=None):  # type: ignore[no-untyped-def]
        return super().post(
            path,
            body,
            access_token=access_token,
            headers={"Accept-Language": "en", **(headers or {})},
        )
