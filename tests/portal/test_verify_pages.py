"""The verify box (home and platform pages), the report form and the fake-channel list."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kefu.accounts.actors import ANONYMOUS, actor_for_user
from kefu.accounts.models import User
from kefu.platforms import services
from kefu.platforms.models import Platform, ScamReport, ScamReportStatus
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("channels")]

LOOK_ALIKE = "acme-wa11et.example"


@pytest.fixture
def confirmed_fake(platform: Platform) -> ScamReport:
    moderator = User.objects.get(pk=UserFactory(username="mia", is_moderator=True).pk)
    submitted = services.scam_report_submit(
        actor=ANONYMOUS,
        client="192.0.2.1",
        value="acme-refund.example",
        kind="website",
        platform="acme",
    )
    return services.scam_report_confirm(actor=actor_for_user(moderator), report=submitted.report)


def verdict(html: str) -> str:
    found = re.search(r'data-status="(\w+)"', html)
    assert found is not None, html
    return found.group(1)


@pytest.mark.parametrize("url", ["/", "/p/acme/"])
def test_the_verify_box_is_on_the_home_and_platform_pages(client: Client, url: str) -> None:
    html = client.get(url).content.decode()

    assert 'id="verify-value"' in html
    assert 'hx-post="/verify/"' in html
    assert "这真的是平台的客服吗" in html


def test_a_look_alike_is_shown_red_with_the_reason_and_the_real_channels(client: Client) -> None:
    response = client.post("/verify/", {"value": LOOK_ALIKE})

    assert response.status_code == 200
    html = response.content.decode()
    assert verdict(html) == "impersonation"
    assert 'class="verdict verdict-impersonation"' in html
    assert "不是官方渠道：模仿演示钱包" in html
    assert "此域名模仿 acme-wallet.example" in html
    assert "@AcmeSupport" in html
    assert "/report/?value=acme-wa11et.example&amp;kind=website&amp;platform=acme" in html


def test_an_official_channel_is_shown_green(client: Client) -> None:
    html = client.post("/verify/", {"value": "t.me/AcmeSupport"}).content.decode()

    assert verdict(html) == "official"
    assert "演示钱包的官方渠道" in html
    assert "举报为假冒" not in html


@pytest.mark.usefixtures("confirmed_fake")
def test_a_confirmed_fake_is_shown_red_as_reported(client: Client) -> None:
    html = client.post("/verify/", {"value": "https://acme-refund.example/"}).content.decode()

    assert verdict(html) == "reported"
    assert "已被确认为冒充演示钱包的诈骗渠道。" in html


def test_an_unknown_value_is_grey_and_not_called_safe(client: Client) -> None:
    html = client.post("/verify/", {"value": "example.org"}).content.decode()

    assert verdict(html) == "unknown"
    assert "不代表它安全" in html


def test_htmx_gets_only_the_result_to_swap_in(client: Client) -> None:
    response = client.post("/verify/", {"value": LOOK_ALIKE}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith("<article")
    assert "<html" not in html


def test_the_verdict_is_in_english_for_an_english_reader(english: Client) -> None:
    html = english.post("/verify/", {"value": LOOK_ALIKE}).content.decode()

    assert "Not official: imitates Acme Wallet" in html
    assert "This domain imitates acme-wallet.example" in html


def test_an_empty_value_asks_for_one(client: Client) -> None:
    response = client.post("/verify/", {"value": "  "})

    assert response.status_code == 422
    assert "请粘贴要核实的内容" in response.content.decode()


def test_the_report_link_prefills_the_form(client: Client) -> None:
    html = client.get(
        "/report/", {"value": LOOK_ALIKE, "kind": "website", "platform": "acme"}
    ).content.decode()

    assert f'value="{LOOK_ALIKE}"' in html
    assert '<option value="website" selected>' in html
    assert '<option value="acme" selected>' in html


def test_a_report_from_the_form_is_stored_pending(client: Client, platform: Platform) -> None:
    response = client.post(
        "/report/",
        {"value": LOOK_ALIKE, "kind": "website", "platform": "acme", "description": "电报群里"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/report/sent/"
    stored = ScamReport.objects.get()
    assert (stored.normalized, stored.status, stored.descriptions) == (
        LOOK_ALIKE,
        ScamReportStatus.PENDING,
        ["电报群里"],
    )
    assert "谢谢，我们已收到你的举报" in client.get("/report/sent/").content.decode()


def test_a_bad_report_shows_the_field_error(client: Client) -> None:
    response = client.post("/report/", {"value": "hello", "kind": "phone"})

    assert response.status_code == 422
    assert "这不是电话号码" in response.content.decode()
    assert not ScamReport.objects.exists()


def test_too_many_reports_from_one_address_are_refused(client: Client) -> None:
    for number in range(10):
        client.post("/report/", {"value": f"acme-help{number}.example", "kind": "website"})

    response = client.post("/report/", {"value": "acme-help99.example", "kind": "website"})

    assert response.status_code == 429
    assert ScamReport.objects.count() == 10


@pytest.mark.usefixtures("confirmed_fake")
def test_the_platforms_confirmed_fakes_are_listed_publicly(client: Client) -> None:
    response = client.get("/p/acme/fake/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "acme-refund.example" in html
    assert "演示钱包" in html


def test_fake_channels_of_an_unknown_platform_is_404(client: Client) -> None:
    assert client.get("/p/nope/fake/").status_code == 404
