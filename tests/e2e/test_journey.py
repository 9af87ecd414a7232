"""The whole story on a phone: file a complaint, get an answer, confirm and rate."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kefu.accounts.models import Membership
from kefu.tickets.models import Status, Ticket
from tests.e2e.conftest import AGENT_PASSWORD
from tests.portal.conftest import SEED_PHRASE, tiny_png

pytestmark = pytest.mark.e2e


def test_file_answer_resolve_confirm_and_rate(
    live_server: Any, phone: Any, desk: Any, e2e_agent: Membership, tmp_path: Path, shots: Path
) -> None:
    screenshot = tmp_path / "转账截图.png"
    screenshot.write_bytes(tiny_png())
    user = phone.new_page()

    # A frightened user on a phone, in Chinese: home → platform → form.
    user.goto(f"{live_server.url}/")
    assert "投诉免费" in user.content()
    user.screenshot(path=str(shots / "01-home.png"), full_page=True)
    user.get_by_role("link", name=re.compile("演示钱包")).click()
    user.wait_for_url("**/p/acme/")
    user.screenshot(path=str(shots / "02-platform.png"), full_page=True)
    user.get_by_role("link", name="我要投诉").click()
    user.wait_for_url("**/p/acme/new/")

    user.get_by_text("响应慢", exact=True).click()
    user.get_by_label("标题").fill("提现三天没有到账，客服不回复")
    user.locator("textarea[name=body]").fill("11 月 20 日提现 500 USDT，到现在没到账。")
    user.get_by_text("给出解释", exact=True).click()
    user.get_by_text("解决问题", exact=True).click()
    user.get_by_label("索赔金额").fill("500")
    user.locator("input[name=claim_currency]").fill("USDT")
    user.locator("input[name=evidence]").set_input_files(str(screenshot))
    user.get_by_label("你的邮箱").fill("user@example.com")
    user.screenshot(path=str(shots / "03-form.png"), full_page=True)
    user.get_by_role("button", name="提交投诉").click()

    user.wait_for_url("**/created/")
    reference = user.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"KF-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert "转账截图.png" in user.content()
    user.screenshot(path=str(shots / "04-created.png"), full_page=True)

    # The agent, at a desk, signs in and answers.
    agent = desk.new_page()
    agent.goto(f"{live_server.url}/login/?next=/console/")
    agent.get_by_label("用户名").fill("alice")
    agent.get_by_label("密码").fill(AGENT_PASSWORD)
    agent.get_by_role("button", name="登录").click()
    agent.wait_for_url("**/console/")
    assert reference in agent.content()
    agent.screenshot(path=str(shots / "05-queue.png"), full_page=True)
    agent.get_by_role("link", name=reference).click()
    agent.wait_for_url(f"**/console/t/{reference}/")
    agent.locator("#reply-body").fill("您好，我是小李（工号 A001），已联系财务核查您的提现。")
    agent.get_by_role("button", name="发送").click()
    agent.wait_for_url(f"**/console/t/{reference}/")
    agent.screenshot(path=str(shots / "06-console-ticket.png"), full_page=True)

    # The requester sees the answer, with who wrote it.
    user.get_by_role("link", name="查看投诉进展").click()
    user.wait_for_url(f"**/track/{reference}/")
    assert "已联系财务核查您的提现" in user.content()
    assert "A001" in user.content()
    user.screenshot(path=str(shots / "07-track.png"), full_page=True)

    # The agent resolves it with a resolution.
    agent.locator("#id_status").select_option("resolved")
    agent.locator("select[name=resolution_type]").select_option("explanation")
    agent.locator("textarea[name=resolution_summary]").fill("提现因链上拥堵延迟，已于今日到账。")
    agent.get_by_role("button", name="保存").click()
    agent.wait_for_url(f"**/console/t/{reference}/")
    assert Ticket.objects.get(reference=reference).status == Status.RESOLVED

    # The requester confirms and rates.
    user.reload()
    user.get_by_role("button", name="是的，已解决").click()
    user.wait_for_url(f"**/track/{reference}/")
    for legend, score in (("服务态度", "5"), ("处理速度", "4"), ("满意度", "5")):
        user.locator("fieldset.stars", has_text=legend).locator(
            "label.star", has_text=score
        ).click()
    user.get_by_label("评价内容").fill("处理及时，谢谢。")
    user.screenshot(path=str(shots / "08-rate.png"), full_page=True)
    user.get_by_role("button", name="提交评价").click()
    user.wait_for_url(f"**/track/{reference}/")
    user.screenshot(path=str(shots / "09-closed.png"), full_page=True)

    ticket = Ticket.objects.select_related("rating").get(reference=reference)
    assert ticket.status == Status.CLOSED
    assert (ticket.rating.attitude, ticket.rating.speed, ticket.rating.satisfaction) == (5, 4, 5)
    assert ticket.attachments.count() == 1


def test_pasting_a_seed_phrase_shows_the_live_warning(
    live_server: Any, phone: Any, e2e_platform: Any, shots: Path
) -> None:
    page = phone.new_page()
    page.goto(f"{live_server.url}/p/acme/new/")
    body = page.locator("textarea[name=body]")

    body.fill(f"客服让我提供助记词：{SEED_PHRASE}")
    body.press("End")

    warning = page.locator("#shield-warning .shield-warning")
    warning.wait_for(state="visible")
    assert "助记词" in warning.inner_text()
    body.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "10-seed-warning.png"))
