"""Demo data for `kefu demo` / `make run`: a fictional wallet, never a real brand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kefu.accounts.models import Role
from kefu.accounts.services import membership_upsert
from kefu.platforms.models import OfficialChannel, Platform
from kefu.platforms.registry import registry_version_bump
from kefu.platforms.services import registry_import
from kefu.tickets.models import Macro

DEMO_STAFF = [
    # username, password, role, display name, employee ID, tier, compensation limit
    ("demo-agent", "kefu-demo-agent", Role.AGENT, "小林", "DW1001", 1, "0"),
    ("demo-agent2", "kefu-demo-agent2", Role.AGENT, "小周", "DW1002", 1, "0"),
    ("demo-senior", "kefu-demo-senior", Role.AGENT, "陈工", "DW2001", 2, "0"),
    ("demo-supervisor", "kefu-demo-supervisor", Role.SUPERVISOR, "王主管", "DW3001", 3, "5000"),
    ("demo-admin", "kefu-demo-admin", Role.ADMIN, "赵经理", "DW4001", 4, "50000"),
]

DEMO_CHANNELS = [
    ("website", "demo-wallet.example", "官方网站 Official website"),
    ("email", "support@demo-wallet.example", "客服邮箱 Support e-mail"),
    ("telegram", "@DemoWalletSupport", "Telegram"),
    ("twitter", "@DemoWallet", "X / Twitter"),
    ("phone", "+86 400 000 0000", "客服热线 Hotline"),
]

DEMO_MACROS = [
    (
        "问候 Greeting",
        "您好 {requester_name}，我是{agent_name}（工号 {employee_id}），"
        "正在处理您的投诉 {reference}。",
    ),
    (
        "需要交易哈希 Ask for txid",
        "请在工单的“链上记录”中补充交易哈希（txid）。我们绝不会索要助记词、私钥或密码。",
    ),
    ("已解决 Resolved", "您反映的问题已处理完毕。如仍有疑问，可在跟踪页面提出异议。"),
]


SHIPPED_REGISTRY = Path(__file__).resolve().parent.parent / "data" / "registry.json"


class DemoRefused(Exception):
    pass


def load_shipped_registry() -> None:
    """The real platforms of kefu/data/registry.json, beside the demo one. Platforms already in
    the database are left alone, so an admin's removal is not undone by the next `kefu demo`."""
    data = json.loads(SHIPPED_REGISTRY.read_text(encoding="utf-8"))
    registry_import(data=data, only_new_platforms=True, origin="kefu/data/registry.json")


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create or refresh the demo platform; returns (username, password, role) for the README."""
    if settings.KEFU_ENV == "production":
        raise DemoRefused("The demo data is not loaded when KEFU_ENV=production.")
    platform, _ = Platform.objects.update_or_create(
        slug="demo",
        defaults={
            "name_zh": "演示钱包",
            "name_en": "Demo Wallet",
            "description_zh": "一个用于体验 Kefu 的虚构钱包，不对应任何真实品牌。",
            "description_en": "A fictional wallet to try Kefu with; it is no real brand.",
            "time_zone": "Asia/Shanghai",
            "settings": {"support_hours": {"start": "09:00", "end": "18:00"}},
        },
    )
    for kind, value, label in DEMO_CHANNELS:
        OfficialChannel.objects.update_or_create(
            platform=platform,
            kind=kind,
            value=value,
            defaults={"label": label, "source": "demo data (fictional)"},
        )
    registry_version_bump()
    load_shipped_registry()
    logins = []
    for username, password, role, name, employee_id, tier, limit in DEMO_STAFF:
        membership_upsert(
            platform=platform,
            username=username,
            role=role,
            display_name=name,
            employee_id=employee_id,
            tier=tier,
            compensation_limit=Decimal(limit),
            password=password,
            email=f"{username}@{settings.KEFU_MAIL_DOMAIN}",
        )
        logins.append((username, password, str(role.label)))
    for title, body in DEMO_MACROS:
        Macro.objects.update_or_create(platform=platform, title=title, defaults={"body": body})
    return logins
