"""Platform admin pages: admins only (404 for everyone else), every write through a service."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kefu.accounts.models import Membership
from kefu.platforms.models import Platform
from kefu.sla.models import OnCallShift
from kefu.sla.services import supervisor_for
from kefu.tickets.models import Macro
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/console/admin/acme/staff/",
    "/console/admin/acme/macros/",
    "/console/admin/acme/texts/",
    "/console/admin/acme/oncall/",
]


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


# --- on-call roster --------------------------------------------------------------------------

SHIFT = {"tier": "3", "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T18:00"}


def test_put_a_supervisor_on_call_in_the_platforms_time_zone(
    staff_client: Callable[[Membership], Client],
    admin: Membership,
    supervisor: Membership,
    platform: Platform,
) -> None:
    client = staff_client(admin)

    added = client.post("/console/admin/acme/oncall/", {**SHIFT, "membership": supervisor.pk})

    assert added.status_code == 302
    shift = OnCallShift.objects.get()
    assert (shift.membership, shift.tier) == (supervisor, 3)
    assert shift.starts_at.isoformat() == "2030-05-01T01:00:00+00:00"  # 09:00 in Shanghai
    page = client.get("/console/admin/acme/oncall/").content.decode()
    assert "王主管" in page
    assert "2030-05-01 09:00" in page
    assert supervisor_for(platform.pk, 3, shift.starts_at) == supervisor


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_at": "2030-05-01T08:00"}, "ends_at", "The shift must end after it starts."),
        (
            {"starts_at": "2020-01-01T09:00", "ends_at": "2020-01-01T18:00"},
            "ends_at",
            "This shift is already over.",
        ),
        ({"tier": "4"}, "tier", "works at tier 3"),
    ],
)
def test_a_shift_that_cannot_work_is_shown_again_with_the_reason(
    staff_client: Callable[[Membership], Client],
    admin: Membership,
    supervisor: Membership,
    change: dict[str, str],
    field: str,
    message: str,
) -> None:
    client = staff_client(admin)
    client.cookies["django_language"] = "en"

    response = client.post(
        "/console/admin/acme/oncall/", {**SHIFT, "membership": supervisor.pk, **change}
    )

    assert response.status_code == 422
    assert message in response.context["form"].errors[field][0]
    assert not OnCallShift.objects.exists()


def test_an_overlapping_shift_for_the_same_tier_is_refused(
    staff_client: Callable[[Membership], Client],
    admin: Membership,
    supervisor: Membership,
    platform: Platform,
) -> None:
    other = MembershipFactory(platform=platform, display_name="钱主管", employee_id="C002", tier=3)
    client = staff_client(admin)
    client.post("/console/admin/acme/oncall/", {**SHIFT, "membership": supervisor.pk})

    overlapping = {**SHIFT, "starts_at": "2030-05-01T17:00", "ends_at": "2030-05-02T09:00"}
    refused = client.post("/console/admin/acme/oncall/", {**overlapping, "membership": other.pk})
    after = {**SHIFT, "starts_at": "2030-05-01T18:00", "ends_at": "2030-05-02T09:00"}
    accepted = client.post("/console/admin/acme/oncall/", {**after, "membership": other.pk})

    assert refused.status_code == 422
    assert "王主管" in refused.context["form"].errors["starts_at"][0]
    assert accepted.status_code == 302
    assert OnCallShift.objects.count() == 2


def test_another_platforms_staff_cannot_be_put_on_call_nor_its_shifts_removed(
    staff_client: Callable[[Membership], Client],
    admin: Membership,
    other_platform: Platform,
) -> None:
    stranger = MembershipFactory(platform=other_platform, tier=3, employee_id="X001")
    theirs = OnCallShift.objects.create(
        platform=other_platform,
        membership=stranger,
        tier=3,
        starts_at="2030-05-01T01:00:00Z",
        ends_at="2030-05-01T10:00:00Z",
    )
    client = staff_client(admin)

    added = client.post("/console/admin/acme/oncall/", {**SHIFT, "membership": stranger.pk})
    removed = client.post(f"/console/admin/acme/oncall/{theirs.pk}/delete/")

    assert added.status_code == 422  # not among this platform's staff
    assert removed.status_code == 404
    assert OnCallShift.objects.filter(platform=other_platform).count() == 1
    assert OnCallShift.objects.filter(platform__slug="acme").count() == 0


def test_remove_a_shift(
    staff_client: Callable[[Membership], Client],
    admin: Membership,
    supervisor: Membership,
) -> None:
    client = staff_client(admin)
    client.post("/console/admin/acme/oncall/", {**SHIFT, "membership": supervisor.pk})

    removed = client.post(f"/console/admin/acme/oncall/{OnCallShift.objects.get().pk}/delete/")

    assert removed.status_code == 302
    assert not OnCallShift.objects.exists()


def test_the_roster_page_runs_a_constant_number_of_queries(
    staff_client: Callable[[Membership], Client],
    admin: Membership,
    platform: Platform,
) -> None:
    client = staff_client(admin)
    client.get("/console/admin/acme/oncall/")  # sessions and caches warm

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/console/admin/acme/oncall/").status_code == 200
        return len(captured.captured_queries)

    empty = queries()
    for n in range(10):
        member = MembershipFactory(platform=platform, tier=2, employee_id=f"S{n:03}")
        OnCallShift.objects.create(
            platform=platform,
            membership=member,
            tier=2,
            starts_at=f"2030-06-{n + 1:02}T01:00:00Z",
            ends_at=f"2030-06-{n + 1:02}T10:00:00Z",
        )

    assert queries() == empty


def test_the_roster_service_refuses_another_platforms_staff_member(
    admin: Membership, platform: Platform, other_platform: Platform
) -> None:
    from datetime import UTC, datetime

    from kefu.accounts.actors import actor_for_user
    from kefu.common.errors import Invalid
    from kefu.sla.services import oncall_shift_add

    stranger = MembershipFactory(platform=other_platform, tier=3, employee_id="X002")

    with pytest.raises(Invalid) as refused:
        oncall_shift_add(
            actor=actor_for_user(admin.user),
            platform=platform,
            membership_id=stranger.pk,
            tier=3,
            starts_at=datetime(2030, 5, 1, 1, tzinfo=UTC),
            ends_at=datetime(2030, 5, 1, 10, tzinfo=UTC),
        )

    assert [e.field for e in refused.value.errors] == ["membership"]
    assert not OnCallShift.objects.exists()
