"""On a phone, a user pastes a look-alike domain into the home page's verify box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kefu.platforms.models import Platform

pytestmark = pytest.mark.e2e


def test_a_look_alike_domain_turns_the_verdict_red_with_its_reason(
    live_server: Any, phone: Any, e2e_platform: Platform, shots: Path
) -> None:
    user = phone.new_page()
    user.goto(f"{live_server.url}/")

    user.get_by_label("网址、邮箱、账号或电话号码").fill("https://acme-wa11et.example/kefu")
    user.get_by_role("button", name="核验").click()

    verdict = user.locator("#verify-result .verdict")
    verdict.wait_for()
    assert verdict.get_attribute("data-status") == "impersonation"
    assert "不是官方渠道：模仿演示钱包" in verdict.inner_text()
    assert "此域名模仿 acme-wallet.example" in verdict.inner_text()
    head = user.locator("#verify-result .verdict-head")
    assert head.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(180, 35, 24)"
    assert user.url == f"{live_server.url}/"  # htmx swapped the verdict in place
    user.screenshot(path=str(shots / "verify-look-alike.png"), full_page=True)
