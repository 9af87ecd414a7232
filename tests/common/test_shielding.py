"""`shield_text`, the one door every text goes through: redaction and risks together."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from kefu import shield
from kefu.common.shielding import shield_text

SEED = "legal winner thank year wave sausage worth useful legal winner thank yellow"
TEXTS = [
    "客服让我把助记词发给他，说这样才能解冻账户",
    "Please send me your seed phrase so we can verify the wallet",
    f"my seed phrase is {SEED}",
    f"我的助记词是 {SEED}，客服说要先交 200 USDT 解冻费",
    "加我私人微信 kefu123，转一笔 0.1 ETH 到安全钱包就能激活",
    "Install AnyDesk and share your screen, I'm from the official support team",
    "提现三天没到账，订单号 20241118，请尽快处理",
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", ["requester", "agent"])
@pytest.mark.parametrize("text", TEXTS)
def test_risks_are_those_assess_finds_on_its_own(text, role, language):
    with override(language):
        shielded = shield_text(text, author_role=role)

    assert shielded.risks == [str(risk.code) for risk in shield.assess(text, role)]


def test_the_text_is_redacted_in_the_readers_language():
    with override("en"):
        shielded = shield_text(f"seed: {SEED}", author_role="requester")

    assert SEED not in shielded.text
    assert "[hidden: seed phrase]" in shielded.text
    assert shielded.redactions == [{"kind": "mnemonic", "count": 1}]
