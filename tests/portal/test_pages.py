"""The public portal: every page renders in both languages and shows the safety notice."""

from __future__ import annotations

import pytest
from django.test import Client

from kefu.platforms.models import Platform

pytestmark = pytest.mark.django_db


def test_home_in_chinese_lists_platforms_and_says_complaining_is_free(
    client: Client, platform: Platform
) -> None:
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "演示钱包" in html
    assert "/p/acme/" in html
    assert "助记词" in html
    assert "投诉免费" in html
    assert 'name="reference"' in html


def test_home_in_english(english: Client, platform: Platform) -> None:
    response = english.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Acme Wallet" in html
    assert "Complaining is free" in html
    assert 'lang="en"' in html


@pytest.mark.usefixtures("channels")
@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "官方渠道"), ("en", "Official channels")]
)
def test_platform_page_lists_official_channels(
    client: Client, platform: Platform, language: str, expected: str
) -> None:
    client.cookies["django_language"] = language

    response = client.get("/p/acme/")

    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert "acme-wallet.example" in html
    assert "@AcmeSupport" in html
    assert "/p/acme/new/" in html


def test_unknown_platform_is_404(client: Client, db: None) -> None:
    assert client.get("/p/nope/").status_code == 404
    assert client.get("/p/nope/new/").status_code == 404


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "提交投诉"), ("en", "Send my complaint")]
)
def test_complaint_form_renders_with_the_safety_notice(
    client: Client, platform: Platform, language: str, expected: str
) -> None:
    client.cookies["django_language"] = language

    response = client.get("/p/acme/new/")

    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert 'type="datetime-local"' in html
    assert 'name="evidence"' in html
    assert "multiple" in html
    assert 'hx-post="/shield/preview/"' in html
    assert 'name="chain-0-value"' in html


def test_login_page_renders(client: Client, db: None) -> None:
    response = client.get("/login/")

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_language_switch_sets_english(client: Client, platform: Platform) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert "Complaining is free" in client.get("/").content.decode()
