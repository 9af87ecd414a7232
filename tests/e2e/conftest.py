"""Browser journeys: Playwright's sync API driving Debian's chromium against live_server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kefu.accounts.models import Membership, Role, User
from kefu.platforms.models import OfficialChannel, Platform
from tests.factories import MembershipFactory, PlatformFactory

# Playwright's sync API runs an event loop in this thread; Django must still allow the ORM.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path("/tmp/kefu-shots")
AGENT_PASSWORD = "e2e agent password 123"
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "zh-CN",
}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(**PHONE)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def desk(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def e2e_platform(transactional_db: None) -> Platform:
    platform = PlatformFactory(
        slug="acme",
        name_zh="演示钱包",
        name_en="Acme Wallet",
        description_zh="一个用于演示的虚构钱包。",
        description_en="A fictional wallet for the demo.",
    )
    OfficialChannel.objects.create(
        platform=platform, kind="website", value="acme-wallet.example", label="官方网站"
    )
    OfficialChannel.objects.create(platform=platform, kind="telegram", value="@AcmeSupport")
    return platform


@pytest.fixture
def e2e_agent(e2e_platform: Platform) -> Membership:
    membership = MembershipFactory(
        platform=e2e_platform,
        user__username="alice",
        display_name="小李",
        employee_id="A001",
        role=Role.AGENT,
    )
    user = User.objects.get(pk=membership.user_id)
    user.set_password(AGENT_PASSWORD)
    user.save(update_fields=["password"])
    return membership
