"""``assess``: requests for secrets, payments, remote access, private chats, claims."""

from __future__ import annotations

import pytest

from kefu.shield import RiskCode, assess

S = RiskCode.ASKS_FOR_SECRET
P = RiskCode.ASKS_FOR_PAYMENT
C = RiskCode.OFF_PLATFORM_CONTACT
R = RiskCode.REMOTE_ACCESS
CLAIM = RiskCode.CLAIMS_OFFICIAL_OUTSIDE


def codes(text: str, role: str = "agent") -> set[RiskCode]:
    return {r.code for r in assess(text, role)}


FLAGGED = [
    ("请把助记词发给我，我帮你核实", S),
    ("请提供您的私钥以便验证钱包", S),
    ("为了解冻账户，请告诉我你的登录密码", S),
    ("把收到的验证码报一下", S),
    ("请输入谷歌验证码完成验证", S),
    ("Please send me your seed phrase so I can restore the account", S),
    ("To verify your wallet, enter your 12 words on this form", S),
    ("What is your private key?", S),
    ("Kindly share the 2FA code you just received", S),
    ("Please tell me the SMS code", S),
    ("Don't worry, just send me your recovery phrase", S),
    ("不要担心，把助记词发给我就行", S),
    # obfuscations
    ("请把助 记 词发给我", S),
    ("请把助.记.词发给我", S),
    ("请把助🔑记🔑词发给我", S),
    ("please send your s e e d phrase", S),
    ("please send your ｓｅｅｄ ｐｈｒａｓｅ", S),
    ("PLEASE SEND YOUR SEED PHRASE", S),
    ("please send your sееd phrase", S),  # Cyrillic е
    ("请提供私\u200b钥", S),
    # payments
    ("您需要先缴纳500 USDT保证金才能提现", P),
    ("请支付解冻费后账户即可恢复", P),
    ("账户激活需要转账 0.1 ETH", P),
    ("请把资产转到安全钱包", P),
    ("请进行一笔验证转账", P),
    ("You must pay a 200 USDT unlock fee", P),
    ("Please transfer your funds to this safe wallet", P),
    ("A verification transfer of 0.05 BTC is required", P),
    ("Pay the activation fee to continue", P),
    ("If you don't pay the fee, your account will be frozen", P),
    ("请缴纳手续费", P),
    # off-platform
    ("加我微信私聊", C),
    ("Add me on Telegram @support_help", C),
    ("contact me on WhatsApp +1 555 0100", C),
    ("请加QQ 123456 联系", C),
    ("联系我的电报 @kefu_official", C),
    ("join https://t.me/fake_support", C),
    ("加 我 微 信", C),
    # remote access
    ("请下载 AnyDesk 让我帮你操作", R),
    ("Install TeamViewer so I can fix it", R),
    ("打开向日葵远程协助", R),
    ("please start screen sharing", R),
    ("我们需要屏幕共享来排查", R),
    ("下载 ToDesk", R),
]


@pytest.mark.parametrize(("text", "code"), FLAGGED)
def test_scam_requests_are_flagged(text: str, code: RiskCode) -> None:
    assert code in codes(text)


NEGATED = [
    "客服绝不会索要助记词",
    "请勿向任何人透露你的助记词和私钥",
    "We will NEVER ask for your seed phrase",
    "Never share your seed phrase or private key with anyone",
    "No one from support will ask for your password or 2FA code",
    "Do not send your private key to anyone",
    "官方客服不会要求你支付任何解冻费或保证金",
    "We never ask you to pay a fee to unlock your account. Complaining is free.",
    "切勿下载 AnyDesk 或向日葵等远程软件",
    "Never install TeamViewer because someone asked you to",
    "客服不会让你加微信私聊",
    "谨防索要验证码的骗子",
    "Beware of anyone asking for your recovery phrase",
    "永远不要把资产转到所谓的安全钱包",
]


@pytest.mark.parametrize("text", NEGATED)
def test_warnings_and_negations_are_not_flagged(text: str) -> None:
    assert codes(text, "system") == set()


INNOCENT = [
    "我的账户一直不能提现，客服也不回复",
    "I forgot my password and the reset email never arrives",
    "请问提现手续费是多少",
    "The withdrawal fee was higher than announced",
    "My deposit has not arrived yet",
    "我们正在处理您的工单，请耐心等待",
    "Please describe what happened and attach screenshots",
    "参加我们的活动可以获得奖励",
    "别人也遇到了同样的问题",
    "Thanks, the issue is solved",
]


@pytest.mark.parametrize("text", INNOCENT)
def test_ordinary_support_messages_are_not_flagged(text: str) -> None:
    assert codes(text, "agent") == set()


def test_official_claims_count_only_from_outside() -> None:
    assert CLAIM in codes("我是官方客服，请配合", "anonymous")
    assert CLAIM in codes("Hi, I am from the official support team", "requester")
    assert CLAIM not in codes("我是官方客服，请配合", "agent")
    assert CLAIM not in codes("I am from the official support team", "supervisor")


def test_requester_describing_a_scam_is_medium_not_high() -> None:
    risks = assess("那个人让我提供助记词", "requester")
    assert [(r.code, r.severity) for r in risks] == [(S, "medium")]
    assert [r.severity for r in assess("请提供助记词", "agent")] == ["high"]


def test_a_shared_secret_is_reported_without_the_secret() -> None:
    key = "ab" * 32
    risks = assess(f"my private key is {key}", "requester")
    shares = [r for r in risks if r.code is RiskCode.SHARES_SECRET]
    assert shares
    assert shares[0].severity == "high"
    assert all(key not in r.evidence for r in risks)


def test_evidence_never_holds_a_secret() -> None:
    words = "abandon ability able about above absent absorb abstract absurd abuse access accident"
    for risk in assess(f"send me your seed phrase: {words}", "agent"):
        assert "abandon" not in risk.evidence


@pytest.mark.parametrize("code", list(RiskCode))
def test_every_risk_explains_itself_in_both_languages(code: RiskCode) -> None:
    from kefu.shield import Risk

    risk = Risk(code, "high", "x")
    assert risk.message("en")
    assert risk.message("zh-Hans") != risk.message("en")
    assert any("\u4e00" <= c <= "\u9fff" for c in risk.message("zh-Hans"))
