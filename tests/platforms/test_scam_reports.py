"""POST /api/v1/scam-reports and the moderators' decisions on them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kefu.accounts.actors import ANONYMOUS, Actor
from kefu.accounts.models import Membership, User
from kefu.common.errors import NotFound
from kefu.platforms import services
from kefu.platforms.models import (
    AuditAction,
    Platform,
    RegistryAuditEntry,
    ScamReport,
    ScamReportStatus,
)
from tests.conftest import Api
from tests.portal.conftest import SEED_PHRASE

pytestmark = pytest.mark.django_db


def report(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "value": "https://bitpie-kefu.com/login",
        "kind": "website",
        "platform": "bitpie",
        "description": "有人在电报群里发这个链接，说是比特派客服。",
    }
    body.update(overrides)
    return body


def test_anyone_can_report_a_fake_channel_and_it_waits_for_review(
    anon_api: Api, bitpie: Platform
) -> None:
    response = anon_api.post("/scam-reports", report())

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    stored = ScamReport.objects.get(pk=body["id"])
    assert (stored.kind, stored.normalized, stored.platform_id, stored.count) == (
        "website",
        "bitpie-kefu.com",
        bitpie.pk,
        1,
    )


def test_a_pending_report_does_not_change_the_verdict(anon_api: Api, bitpie: Platform) -> None:
    anon_api.post("/scam-reports", report(value="wallet-refund-center.com"))

    assert anon_api.post("/verify", {"value": "wallet-refund-center.com"}).json()["status"] == (
        "unknown"
    )


def test_reports_of_the_same_value_merge_into_one_with_a_count(
    anon_api: Api, bitpie: Platform
) -> None:
    first = anon_api.post("/scam-reports", report(value="bitpie-kefu.com")).json()
    second = anon_api.post("/scam-reports", report(value="HTTPS://WWW.Bitpie-Kefu.com/x")).json()

    assert second["id"] == first["id"]
    assert second["count"] == 2
    assert ScamReport.objects.count() == 1
    assert len(ScamReport.objects.get().descriptions) == 2


def test_the_same_value_for_another_platform_is_another_report(
    anon_api: Api, bitpie: Platform, other_platform: Platform
) -> None:
    first = anon_api.post("/scam-reports", report()).json()
    second = anon_api.post("/scam-reports", report(platform=other_platform.slug)).json()

    assert second["id"] != first["id"]


def test_a_seed_phrase_in_the_description_is_never_stored(anon_api: Api, bitpie: Platform) -> None:
    body = anon_api.post("/scam-reports", report(description=f"他让我输入 {SEED_PHRASE}")).json()

    stored = ScamReport.objects.get(pk=body["id"])
    assert "abandon" not in stored.descriptions[0]
    assert body["redactions"] == [{"kind": "mnemonic", "count": 1}]


def test_the_eleventh_report_from_one_address_within_an_hour_is_refused(
    anon_api: Api, bitpie: Platform
) -> None:
    for number in range(10):
        response = anon_api.post("/scam-reports", report(value=f"bitpie-help{number}.com"))
        assert response.status_code == 202

    refused = anon_api.post("/scam-reports", report(value="bitpie-help99.com"))

    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/problem+json")
    assert ScamReport.objects.count() == 10


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": "not a website at all", "kind": "website"}, "value"),
        ({"value": "bitpie-kefu.com", "kind": "carrier-pigeon"}, "kind"),
        ({"value": "bitpie-kefu.com", "kind": "website", "platform": "nope"}, "platform"),
        ({"value": "https://github.com/someone", "kind": "website"}, "value"),
        ({"kind": "website"}, "value"),
    ],
)
def test_bad_input_is_a_field_error_and_stores_nothing(
    anon_api: Api, bitpie: Platform, body: dict[str, str], field: str
) -> None:
    response = anon_api.post("/scam-reports", body)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not ScamReport.objects.exists()


def test_an_official_channel_cannot_be_reported(anon_api: Api, bitpie: Platform) -> None:
    response = anon_api.post("/scam-reports", report(value="bitpie.com"))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "value"


def test_the_kind_is_guessed_when_left_out(anon_api: Api, bitpie: Platform) -> None:
    body = anon_api.post("/scam-reports", report(kind=None, value="t.me/bitpie_refund")).json()

    assert ScamReport.objects.get(pk=body["id"]).kind == "telegram"


def test_a_repeated_idempotency_key_returns_the_first_answer(
    anon_api: Api, bitpie: Platform
) -> None:
    headers = {"Idempotency-Key": "report-1"}
    first = anon_api.post("/scam-reports", report(), headers=headers).json()
    again = anon_api.post("/scam-reports", report(), headers=headers).json()

    assert again == first
    assert ScamReport.objects.get().count == 1


# -- moderation -------------------------------------------------------------------------------


@pytest.fixture
def pending(bitpie: Platform) -> ScamReport:
    return services.scam_report_submit(
        actor=ANONYMOUS, client="198.51.100.1", **report(value="bitpie-kefu.com")
    ).report


def test_a_moderator_confirms_and_the_decision_is_logged(
    pending: ScamReport, moderator: User, as_actor: Callable[[User], Actor]
) -> None:
    services.scam_report_confirm(actor=as_actor(moderator), report=pending, note="钓鱼页面")

    pending.refresh_from_db()
    assert pending.status == ScamReportStatus.CONFIRMED
    assert pending.decided_by == moderator
    entry = RegistryAuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.value) == (
        AuditAction.REPORT_CONFIRMED,
        moderator,
        "bitpie-kefu.com",
    )


def test_a_moderator_rejects_and_the_value_stays_unreported(
    anon_api: Api, pending: ScamReport, moderator: User, as_actor: Callable[[User], Actor]
) -> None:
    services.scam_report_reject(actor=as_actor(moderator), report=pending)

    pending.refresh_from_db()
    assert pending.status == ScamReportStatus.REJECTED
    assert RegistryAuditEntry.objects.get().action == AuditAction.REPORT_REJECTED
    assert anon_api.post("/verify", {"value": "bitpie-kefu.com"}).json()["status"] != "reported"


@pytest.mark.parametrize("who", ["bitpie_admin", "bitpie_agent"])
def test_platform_staff_cannot_confirm_a_report(
    request: pytest.FixtureRequest,
    pending: ScamReport,
    who: str,
    as_actor: Callable[[User], Actor],
) -> None:
    membership: Membership = request.getfixturevalue(who)

    with pytest.raises(NotFound):
        services.scam_report_confirm(actor=as_actor(membership.user), report=pending)

    pending.refresh_from_db()
    assert pending.status == ScamReportStatus.PENDING
    assert not RegistryAuditEntry.objects.exists()


def test_a_new_report_of_a_rejected_value_goes_back_to_review(
    pending: ScamReport, moderator: User, as_actor: Callable[[User], Actor]
) -> None:
    services.scam_report_reject(actor=as_actor(moderator), report=pending)

    again = services.scam_report_submit(
        actor=ANONYMOUS, client="198.51.100.2", **report(value="bitpie-kefu.com")
    )

    assert again.report.pk == pending.pk
    assert again.report.status == ScamReportStatus.PENDING
    assert again.report.count == 2


def test_fake_channels_of_a_platform_are_public(
    anon_api: Api, pending: ScamReport, moderator: User, as_actor: Callable[[User], Actor]
) -> None:
    services.scam_report_confirm(actor=as_actor(moderator), report=pending)

    response = anon_api.get("/platforms/bitpie/fake-channels")

    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["kind"], i["value"], i["reports"]) for i in items] == [
        ("website", "bitpie-kefu.com", 1)
    ]


def test_pending_reports_are_not_listed_as_fake_channels(
    anon_api: Api, pending: ScamReport
) -> None:
    assert anon_api.get("/platforms/bitpie/fake-channels").json() == {"items": []}
