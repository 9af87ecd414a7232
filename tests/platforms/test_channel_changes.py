"""Official channels: admins change them; a website or e-mail waits for a moderator."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kefu.accounts.actors import Actor
from kefu.accounts.models import Membership, User
from kefu.common.errors import Forbidden, Invalid, NotFound
from kefu.platforms import services
from kefu.platforms.models import (
    AuditAction,
    ChangeStatus,
    ChannelChangeRequest,
    OfficialChannel,
    Platform,
    RegistryAuditEntry,
)
from tests.conftest import Api

pytestmark = pytest.mark.django_db

PHISHING = "bitpie-secure-login.com"


@pytest.fixture
def admin(bitpie_admin: Membership, as_actor: Callable[[User], Actor]) -> Actor:
    return as_actor(bitpie_admin.user)


@pytest.fixture
def website_request(admin: Actor, bitpie: Platform) -> ChannelChangeRequest:
    change = services.channel_add(
        actor=admin, platform=bitpie, kind="website", value=PHISHING, source="admin says so"
    )
    assert change.request is not None
    return change.request


def test_an_admins_new_website_stays_pending_and_is_not_official(
    anon_api: Api, website_request: ChannelChangeRequest
) -> None:
    assert website_request.status == ChangeStatus.PENDING
    assert not OfficialChannel.objects.filter(value=PHISHING).exists()
    assert anon_api.post("/verify", {"value": PHISHING}).json()["status"] == "impersonation"


def test_a_moderator_approves_the_website_and_verify_sees_it(
    anon_api: Api,
    website_request: ChannelChangeRequest,
    moderator: User,
    as_actor: Callable[[User], Actor],
) -> None:
    services.channel_change_request_approve(actor=as_actor(moderator), change=website_request)

    website_request.refresh_from_db()
    assert website_request.status == ChangeStatus.APPROVED
    assert website_request.decided_by == moderator
    assert OfficialChannel.objects.get(value=PHISHING).source == "admin says so"
    assert anon_api.post("/verify", {"value": PHISHING}).json()["status"] == "official"


def test_a_moderator_rejects_the_website_and_nothing_is_listed(
    website_request: ChannelChangeRequest, moderator: User, as_actor: Callable[[User], Actor]
) -> None:
    services.channel_change_request_reject(actor=as_actor(moderator), change=website_request)

    assert not OfficialChannel.objects.filter(value=PHISHING).exists()
    assert RegistryAuditEntry.objects.filter(action=AuditAction.CHANGE_REJECTED).count() == 1


def test_the_admin_cannot_approve_their_own_change(
    website_request: ChannelChangeRequest, bitpie_admin: Membership
) -> None:
    User.objects.filter(pk=bitpie_admin.user_id).update(is_moderator=True)
    from kefu.accounts.actors import actor_for_user

    actor = actor_for_user(User.objects.get(pk=bitpie_admin.user_id))

    with pytest.raises(Forbidden):
        services.channel_change_request_approve(actor=actor, change=website_request)

    website_request.refresh_from_db()
    assert website_request.status == ChangeStatus.PENDING


def test_a_non_moderator_cannot_approve(
    website_request: ChannelChangeRequest, admin: Actor
) -> None:
    with pytest.raises(NotFound):
        services.channel_change_request_approve(actor=admin, change=website_request)


def test_removing_the_website_also_waits_for_a_moderator(
    anon_api: Api, admin: Actor, bitpie: Platform
) -> None:
    channel = OfficialChannel.objects.get(platform=bitpie, kind="website")

    change = services.channel_remove(actor=admin, channel=channel)

    assert change.pending
    assert OfficialChannel.objects.filter(pk=channel.pk).exists()
    assert anon_api.post("/verify", {"value": "bitpie.com"}).json()["status"] == "official"


def test_a_telegram_account_applies_at_once_and_is_logged(
    admin: Actor, bitpie: Platform, bitpie_admin: Membership
) -> None:
    change = services.channel_add(
        actor=admin,
        platform=bitpie,
        kind="telegram",
        value="@BitpieCare",
        label="客服",
        source="https://bitpie.com/contact",
    )

    assert change.channel is not None
    assert change.channel.source == "https://bitpie.com/contact"
    entry = RegistryAuditEntry.objects.get()
    assert (entry.action, entry.actor_id, entry.value) == (
        AuditAction.CHANNEL_ADDED,
        bitpie_admin.user_id,
        "@BitpieCare",
    )


def test_removing_a_phone_number_applies_at_once(
    anon_api: Api, admin: Actor, bitpie: Platform
) -> None:
    channel = OfficialChannel.objects.get(platform=bitpie, kind="phone")

    services.channel_remove(actor=admin, channel=channel)

    assert not OfficialChannel.objects.filter(pk=channel.pk).exists()
    assert RegistryAuditEntry.objects.get().action == AuditAction.CHANNEL_REMOVED
    assert anon_api.post("/verify", {"value": "+86 400 888 6666"}).json()["status"] != "official"


@pytest.mark.parametrize(
    ("kind", "value", "source", "field"),
    [
        ("telegram", "@bitpie_official", "x", "value"),  # already listed
        ("phone", "call us", "x", "value"),
        ("fax", "123", "x", "kind"),
        ("telegram", "@BitpieCare", "  ", "source"),
    ],
)
def test_bad_channels_are_refused_with_a_field_error(
    admin: Actor, bitpie: Platform, kind: str, value: str, source: str, field: str
) -> None:
    with pytest.raises(Invalid) as refused:
        services.channel_add(actor=admin, platform=bitpie, kind=kind, value=value, source=source)

    assert [e.field for e in refused.value.errors] == [field]
    assert OfficialChannel.objects.filter(platform=bitpie).count() == 4


@pytest.mark.parametrize("who", ["bitpie_agent", "other_agent"])
def test_only_the_platforms_admin_may_change_channels(
    request: pytest.FixtureRequest,
    bitpie: Platform,
    who: str,
    as_actor: Callable[[User], Actor],
) -> None:
    membership: Membership = request.getfixturevalue(who)

    with pytest.raises(NotFound):
        services.channel_add(
            actor=as_actor(membership.user),
            platform=bitpie,
            kind="telegram",
            value="@BitpieCare",
            source="x",
        )

    assert not RegistryAuditEntry.objects.exists()
