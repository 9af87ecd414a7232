"""/console/moderation/ (site moderators) and /console/admin/<slug>/channels/ (platform admins)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kefu.accounts.actors import ANONYMOUS, actor_for_user
from kefu.accounts.models import Membership, User
from kefu.platforms import services
from kefu.platforms.models import (
    AuditAction,
    ChangeStatus,
    ChannelChangeRequest,
    OfficialChannel,
    Platform,
    RegistryAuditEntry,
    ScamReport,
    ScamReportStatus,
)
from tests.factories import UserFactory
from tests.portal.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db: None) -> User:
    return UserFactory(username="mia", is_moderator=True)


@pytest.fixture
def pending(platform: Platform) -> ScamReport:
    return services.scam_report_submit(
        actor=ANONYMOUS,
        client="192.0.2.9",
        value="acme-kefu.example",
        kind="website",
        platform="acme",
        description="冒充客服",
    ).report


@pytest.mark.parametrize("who", ["agent", "supervisor", "admin"])
def test_platform_staff_cannot_see_or_use_moderation(
    request: pytest.FixtureRequest,
    staff_client: Callable[[Membership], Client],
    pending: ScamReport,
    who: str,
) -> None:
    client = staff_client(request.getfixturevalue(who))

    assert client.get("/console/moderation/").status_code == 404
    assert client.post(f"/console/moderation/reports/{pending.pk}/confirm/").status_code == 404
    pending.refresh_from_db()
    assert pending.status == ScamReportStatus.PENDING


def test_the_moderator_sees_pending_reports_with_their_count(
    moderator: User, pending: ScamReport
) -> None:
    html = sign_in(Client(), moderator).get("/console/moderation/").content.decode()

    assert "acme-kefu.example" in html
    assert "冒充客服" in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_moderation_page_renders_in_both_languages(
    moderator: User, pending: ScamReport, language: str
) -> None:
    client = sign_in(Client(), moderator)
    client.cookies["django_language"] = language

    assert client.get("/console/moderation/").status_code == 200


def test_the_moderator_confirms_a_report_and_verify_answers_reported(
    client: Client, moderator: User, pending: ScamReport
) -> None:
    response = sign_in(Client(), moderator).post(
        f"/console/moderation/reports/{pending.pk}/confirm/"
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (ScamReportStatus.CONFIRMED, moderator)
    html = client.post("/verify/", {"value": "acme-kefu.example"}).content.decode()
    assert 'data-status="reported"' in html


def test_the_moderator_rejects_a_report(moderator: User, pending: ScamReport) -> None:
    sign_in(Client(), moderator).post(f"/console/moderation/reports/{pending.pk}/reject/")

    pending.refresh_from_db()
    assert pending.status == ScamReportStatus.REJECTED
    assert RegistryAuditEntry.objects.get().action == AuditAction.REPORT_REJECTED


# -- channels ----------------------------------------------------------------------------------


CHANNEL_PAGE = "/console/admin/acme/channels/"


@pytest.mark.parametrize("who", ["agent", "supervisor", "other_agent"])
def test_the_channel_page_is_404_for_non_admins(
    request: pytest.FixtureRequest, staff_client: Callable[[Membership], Client], who: str
) -> None:
    client = staff_client(request.getfixturevalue(who))

    assert client.get(CHANNEL_PAGE).status_code == 404
    assert client.post(CHANNEL_PAGE, {"kind": "telegram", "value": "@x"}).status_code == 404


def test_an_admins_new_website_waits_until_a_moderator_approves_it(
    client: Client,
    staff_client: Callable[[Membership], Client],
    admin: Membership,
    moderator: User,
) -> None:
    staff_client(admin).post(
        CHANNEL_PAGE,
        {"kind": "website", "value": "acme-login.example", "source": "our site, 2026-01-05"},
    )
    change = ChannelChangeRequest.objects.get()
    assert change.status == ChangeStatus.PENDING
    before = client.post("/verify/", {"value": "acme-login.example"}).content.decode()
    assert 'data-status="official"' not in before

    sign_in(Client(), moderator).post(f"/console/moderation/changes/{change.pk}/approve/")

    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    after = client.post("/verify/", {"value": "acme-login.example"}).content.decode()
    assert 'data-status="official"' in after


def test_an_admins_telegram_account_applies_at_once(
    staff_client: Callable[[Membership], Client], admin: Membership, platform: Platform
) -> None:
    response = staff_client(admin).post(
        CHANNEL_PAGE, {"kind": "telegram", "value": "@AcmeHelp", "source": "our site"}
    )

    assert response.status_code == 302
    assert OfficialChannel.objects.filter(platform=platform, value="@AcmeHelp").exists()


def test_a_channel_without_a_source_is_refused(
    staff_client: Callable[[Membership], Client], admin: Membership, platform: Platform
) -> None:
    response = staff_client(admin).post(
        CHANNEL_PAGE, {"kind": "telegram", "value": "@AcmeHelp", "source": ""}
    )

    assert response.status_code == 422
    assert not OfficialChannel.objects.exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_channel_page_renders_for_the_admin(
    staff_client: Callable[[Membership], Client], admin: Membership, language: str
) -> None:
    client = staff_client(admin)
    client.cookies["django_language"] = language

    assert client.get(CHANNEL_PAGE).status_code == 200


def test_the_admin_removes_a_phone_number(
    staff_client: Callable[[Membership], Client], admin: Membership, platform: Platform
) -> None:
    change = services.channel_add(
        actor=actor_for_user(User.objects.get(pk=admin.user_id)),
        platform=platform,
        kind="phone",
        value="+86 400 000 1234",
        source="our site",
    )
    assert change.channel is not None

    staff_client(admin).post(f"{CHANNEL_PAGE}{change.channel.pk}/remove/")

    assert not OfficialChannel.objects.filter(pk=change.channel.pk).exists()
