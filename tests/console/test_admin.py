"""Platform admin pages: admins only (404 for everyone else), every write through a service."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kefu.accounts.models import Membership
from kefu.platforms.models import Platform
from kefu.tickets.models import Macro

pytestmark = pytest.mark.django_db

PAGES = ["/console/admin/acme/staff/", "/console/admin/acme/macros/", "/console/admin/acme/texts/"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["agent", "supervisor", "other_agent"])
def test_admin_pages_are_404_for_non_admins(
    request: pytest.FixtureRequest,
    staff_client: Callable[[Membership], Client],
    url: str,
    who: str,
) -> None:
    membership = request.getfixturevalue(who)

    assert staff_client(membership).get(url).status_code == 404
    assert staff_client(membership).post(url, {}).status_code == 404


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_admin_pages_render_for_the_admin(
    staff_client: Callable[[Membership], Client], admin: Membership, url: str, language: str
) -> None:
    client = staff_client(admin)
    client.cookies["django_language"] = language

    assert client.get(url).status_code == 200


def test_add_a_staff_member_and_toggle_availability(
    staff_client: Callable[[Membership], Client], admin: Membership, platform: Platform
) -> None:
    client = staff_client(admin)

    added = client.post(
        "/console/admin/acme/staff/",
        {
            "username": "erin",
            "display_name": "小吴",
            "employee_id": "E777",
            "role": "agent",
            "tier": "2",
            "password": "a long enough password",
        },
    )
    member = Membership.objects.get(platform=platform, employee_id="E777")
    away = client.post(f"/console/admin/acme/staff/{member.pk}/availability/", {"available": "0"})

    assert added.status_code == away.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.tier, member.is_available) == ("小吴", 2, False)


def test_a_taken_employee_id_is_shown_as_an_error(
    staff_client: Callable[[Membership], Client], admin: Membership, agent: Membership
) -> None:
    response = staff_client(admin).post(
        "/console/admin/acme/staff/",
        {
            "username": "frank",
            "display_name": "小冯",
            "employee_id": "A001",
            "role": "agent",
            "tier": "1",
        },
    )

    assert response.status_code == 422
    assert response.context["form"].errors["employee_id"]


def test_another_platforms_member_cannot_be_toggled(
    staff_client: Callable[[Membership], Client], admin: Membership, other_agent: Membership
) -> None:
    response = staff_client(admin).post(
        f"/console/admin/acme/staff/{other_agent.pk}/availability/", {"available": "0"}
    )

    assert response.status_code == 404
    other_agent.refresh_from_db()
    assert other_agent.is_available is True


def test_create_edit_and_delete_a_canned_response(
    staff_client: Callable[[Membership], Client], admin: Membership, platform: Platform
) -> None:
    client = staff_client(admin)

    client.post("/console/admin/acme/macros/", {"title": "问候", "body": "您好 {requester_name}"})
    macro = Macro.objects.get(platform=platform)
    client.post(f"/console/admin/acme/macros/{macro.pk}/", {"title": "问候", "body": "您好！"})
    macro.refresh_from_db()
    edited = macro.body
    client.post(f"/console/admin/acme/macros/{macro.pk}/delete/")

    assert edited == "您好！"
    assert not Macro.objects.filter(platform=platform).exists()


def test_a_canned_response_that_asks_for_a_secret_is_refused(
    staff_client: Callable[[Membership], Client], admin: Membership, platform: Platform
) -> None:
    response = staff_client(admin).post(
        "/console/admin/acme/macros/", {"title": "验证", "body": "请提供您的助记词以便核实身份。"}
    )

    assert response.status_code == 422
    assert not Macro.objects.exists()


def test_edit_the_platform_texts(
    staff_client: Callable[[Membership], Client], admin: Membership, platform: Platform
) -> None:
    response = staff_client(admin).post(
        "/console/admin/acme/texts/",
        {
            "name_zh": "极客钱包",
            "name_en": "Acme Wallet",
            "description_zh": "一个钱包",
            "description_en": "A wallet",
        },
    )

    platform.refresh_from_db()
    assert response.status_code == 302
    assert (platform.name_zh, platform.description_en) == ("极客钱包", "A wallet")
