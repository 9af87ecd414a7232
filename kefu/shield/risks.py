"""``assess``: does a message ask for a secret, a payment, remote access, an
off-platform chat, or claim to be official staff from outside the system?

Rules (research §9.4, hard cases 20-21):

* asks_for_secret = a request cue (send, provide, share, tell, enter, verify, import,
  ask for; 提供, 发给, 告诉, 输入, 导入, 索要, 截图 …) and a secret noun (seed phrase,
  mnemonic, private key, password, 2FA, verification code, SMS code; 助记词, 私钥,
  密码, 验证码 …) in the same clause, within 40 characters, in either order
  ("send me your seed phrase", "把助记词发给我");
* asks_for_payment = a payment cue (pay, transfer, send, top up; 支付, 转账, 转入,
  缴纳, 充值 …) and a fee or destination (fee, deposit, unlock, activation, tax,
  safe wallet; 手续费, 保证金, 解冻费, 激活, 安全钱包, 指定地址 …), or a phrase that
  is a request by itself ("verification transfer", 验证转账, 解冻费);
* remote_access = a remote-control tool or screen sharing (AnyDesk, TeamViewer,
  RustDesk, ToDesk, 向日葵, 屏幕共享 …);
* off_platform_contact = a private-contact cue (add me, DM me, contact me on; 加我,
  私聊, 微信号) with or without an app name (Telegram, WhatsApp, WeChat, QQ, 微信,
  电报, 飞机), or a t.me / wa.me link;
* claims_official_outside = "我是官方客服", "I am from the official support team" …
  sent by someone who is not platform staff in Kefu (requester, anonymous);
* shares_secret = the text itself holds a secret (``redact`` found one).

A negation or warning in the same clause before the match (never, don't, no one,
beware; 不会, 绝不, 请勿, 切勿, 谨防 …) cancels it: Kefu's own warnings contain every
keyword. "If you don't pay …" / "如果不…" is a threat, not a negation.

Matching runs on a folded copy (NFKC: full-width letters; lower case; Cyrillic
look-alikes; invisible characters removed) and tolerates up to four non-word
characters between the letters of a keyword: "助 记 词", "s.e.e.d", "私🔑钥".

Severity: "high" for asks_for_secret, remote_access, claims and shares_secret,
"high" or "medium" for payment (a scam fee vs an ordinary "fee"), "medium" for
off_platform_contact. From the requester (the user describing what a scammer did)
every risk except shares_secret is "medium": tag the complaint, do not warn the
user against themselves.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .engine import redact
from .findings import Redaction
from .placeholders import PLACEHOLDER_RE
from .text import MASK

ROLES = ("requester", "agent", "supervisor", "admin", "system", "anonymous")
STAFF_ROLES = frozenset({"agent", "supervisor", "admin", "system"})


class RiskCode(StrEnum):
    ASKS_FOR_SECRET = "asks_for_secret"  # noqa: S105 - a risk code
    ASKS_FOR_PAYMENT = "asks_for_payment"
    OFF_PLATFORM_CONTACT = "off_platform_contact"
    REMOTE_ACCESS = "remote_access"
    CLAIMS_OFFICIAL_OUTSIDE = "claims_official_outside"
    SHARES_SECRET = "shares_secret"  # noqa: S105 - a risk code


_MESSAGES: dict[RiskCode, dict[str, str]] = {
    RiskCode.ASKS_FOR_SECRET: {
        "zh-Hans": "这条消息在索要助记词、私钥、密码或验证码。真正的客服永远不会索要这些信息，请不要发送。",
        "en": "This message asks for a seed phrase, private key, password or verification "
        "code. Real support never asks for these. Do not send them.",
    },
    RiskCode.ASKS_FOR_PAYMENT: {
        "zh-Hans": "这条消息要求你付款（手续费、保证金、解冻费，或把资产转到“安全钱包”）。"
        "投诉和客服都是免费的，这是常见的诈骗手法。",
        "en": 'This message asks you to pay (a fee, a deposit, an "unlock" charge, or a '
        'transfer to a "safe wallet"). Support and complaints are free; this is a common scam.',
    },
    RiskCode.OFF_PLATFORM_CONTACT: {
        "zh-Hans": "这条消息要求你到平台之外联系（私人 Telegram、WhatsApp、微信、QQ 等）。"
        "请只在本系统内沟通，冒充客服的人常这样做。",
        "en": "This message asks you to continue on a private chat (Telegram, WhatsApp, "
        "WeChat, QQ …). Stay in this system: fake support agents do this.",
    },
    RiskCode.REMOTE_ACCESS: {
        "zh-Hans": "这条消息要求远程控制或屏幕共享（如 AnyDesk、TeamViewer、向日葵）。"
        "不要安装或打开，对方可以直接操作你的钱包。",
        "en": "This message asks for remote access or screen sharing (AnyDesk, TeamViewer …). "
        "Do not install or open it: the other side could operate your wallet.",
    },
    RiskCode.CLAIMS_OFFICIAL_OUTSIDE: {
        "zh-Hans": "发送者自称官方客服，但并不是本系统中的平台工作人员。请通过官方渠道核实身份。",
        "en": "The sender claims to be official support but is not platform staff in this "
        "system. Check who they are through the official channels.",
    },
    RiskCode.SHARES_SECRET: {
        "zh-Hans": "这条消息包含助记词、私钥或密码，已自动隐藏。任何看到它的人都能控制你的资产："
        "请立即把资产转移到新钱包并修改密码。",
        "en": "This message contained a seed phrase, private key or password; it has been "
        "hidden. Anyone who saw it controls the wallet: move your funds to a new wallet "
        "and change the password now.",
    },
}


@dataclass(frozen=True, slots=True)
class Risk:
    code: RiskCode
    severity: str  # "high" | "medium"
    evidence: str  # the matched phrase, taken from the redacted text: never a secret

    def message(self, lang: str = "zh-Hans") -> str:
        messages = _MESSAGES[self.code]
        return messages["zh-Hans" if lang.lower().startswith("zh") else "en"]

    def as_dict(self, lang: str = "zh-Hans") -> dict[str, str]:
        return {
            "code": self.code.value,
            "severity": self.severity,
            "evidence": self.evidence,
            "message": self.message(lang),
        }


# --- phrase lists ----------------------------------------------------------------

_SENSITIVE_NOUNS = """
seed phrase|seed words|seed|recovery phrase|recovery words|secret phrase|secret recovery phrase
|backup phrase|mnemonic|mnemonics|private key|private keys|privkey|priv key|keystore|key file
|password|passwd|passcode|passphrase|pin code|2fa|2fa code|otp|one-time code|one time code
|verification code|sms code|security code|authenticator code|google code|google authenticator
|12 words|24 words|12-word phrase|24-word phrase
|助记词|助記詞|私钥|私鑰|密钥|秘钥|密码|密碼|验证码|驗證碼|谷歌验证码|动态码|安全码|备份短语
|恢复短语|种子短语|种子词|助记|keystore文件
"""
_REQUEST_CUES = """
send|provide|share|tell|give|enter|type|input|fill in|confirm|verify|validate|import|paste
|submit|screenshot|dm|read out|need|require|ask for|ask you for|request|what is your|what's your
|reveal|disclose|hand over|upload|let me have|let me see|show me
|提供|发送|发给|发我|发一下|发过来|给我|告诉|输入|填写|填入|导入|验证|核对|截图|报一下|报给
|说一下|需要|私信|发到|提交|索要|索取|透露|泄露给|出示|拍照|抄给|念给|给客服|发送给
"""
_PAYMENT_CUES = """
pay|transfer|send|top up|deposit|remit|wire|make a payment|settle|cover
|付|支付|付款|转账|转入|转到|转给|转至|充值|缴纳|交纳|补缴|缴|打款|汇款|存入|交
"""
_SCAM_FEES = """
unlock fee|unlocking fee|unfreeze fee|unfreezing fee|activation fee|activate|activation
|verification fee|verification deposit|verification payment|verification transfer
|security deposit|margin|tax|taxes|release fee|clearance fee|insurance fee|anti-money laundering
|safe wallet|secure wallet|safe account|secure account|protected wallet|this address
|解冻费|解冻金|激活费|激活|认证费|税费|验资|押金|保证金|公证费|刷流水|验证转账|安全钱包|安全账户
|安全账号|指定地址|解冻|保险费|清算费|通道费
"""
_ORDINARY_FEES = """
fee|fees|deposit|charge|gas fee|手续费|服务费|费用
"""
_SELF_EVIDENT_PAYMENT = """
verification transfer|unlock fee|unfreeze fee|activation fee|safe wallet|secure wallet
|验证转账|解冻费|激活费|安全钱包|保证金才能|验资
"""
_REMOTE = """
anydesk|teamviewer|rustdesk|todesk|quicksupport|quick support|ultraviewer|splashtop
|remote desktop|remote control|remote access|screen sharing|screen share|share your screen
|share the screen|向日葵|屏幕共享|共享屏幕|远程控制|远程协助|远程桌面|远程操作|开启共享
"""
_CONTACT_STRONG = """
add me|dm me|pm me|private chat|private message|my telegram|my whatsapp|my wechat|my signal
|my qq|加微信|加v|加vx|加qq|加扣扣|私聊|私信我|添加我|微信号|qq号|飞机号|电报号|扫码加
"""
_CONTACT_CUES = """
contact me|contact us|message me|text me|reach me|reach out to me|chat with me|talk to me
|find me|call me|join my|join our|add us|联系我|加好友|找我|联系客服
"""
_CONTACT_APPS = """
telegram|whatsapp|wechat|signal|skype|line app|discord|qq|tg|wa
|微信|薇信|威信|电报|飞机|扣扣|企鹅|tg群|电报群|微信群
"""
_CLAIMS = """
i am official support|i'm official support|i am from the official|i'm from the official
|i am from official|i'm from official|i am an official|i'm an official|this is official support
|official support team here|i am the official|i'm the official|we are the official
|i am customer support from|i am a support agent from|i work for the official
|我是官方客服|我是官方|我们是官方|我是平台客服|我是官方工作人员|官方客服为您|本人是官方|我是客服经理
|我是官方人员|我是技术客服
"""
_NEGATIONS = """
never|not|don't|dont|do not|doesn't|does not|won't|will not|wouldn't|cannot|can't|no one
|nobody|no staff|no employee|no legitimate|no real|at no time|under no circumstances
|beware|be careful|watch out|warning
|不会|绝不|绝对不|决不|不要|切勿|请勿|勿|永远不|从不|从来不|不得|禁止|千万别|千万不要|不可|不能
|谨防|警惕|小心|当心|不索要|不会要求
"""
_CONDITIONAL = re.compile(
    r"(?:(?<![a-z])(?:if|unless|otherwise)|如果|若|否则|不然|要是)[\w\s']{0,12}$"
)
# Raw patterns the phrase lists cannot express: "加我" but not "参加我们"; "别" but not "别人".
_RAW_CONTACT = r"(?<![参增追更])加[\W_]{0,4}我"
_RAW_NEGATION = r"别(?![人的处])"

_GAP = r"[\W_]{0,4}"
_WORD_GAP = r"[\W_]{0,6}"
_CLAUSE_END = re.compile(r"[.!?;](?=\s|$|[^\x00-\x7f])|[。！？；\n]|,(?=\s*\w\w)")
_PAIR_WINDOW = 40
_NEGATION_WINDOW = 30

_HOMOGLYPHS = str.maketrans("асеорхуіјѕԁԛѵνοκтмнв", "aceopxyijsdqvvoktmhb")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _phrases(block: str) -> list[str]:
    return [p.strip() for p in block.replace("\n", "").split("|") if p.strip()]


def _fuzzy(phrase: str) -> str:
    """A keyword that survives separators between its characters."""
    parts = []
    for i, char in enumerate(phrase):
        if char == " ":
            parts.append(_WORD_GAP)
            continue
        parts.append(re.escape(char))
        if i + 1 < len(phrase) and phrase[i + 1] != " ":
            parts.append(_GAP)
    body = "".join(parts)
    if phrase[0].isascii() and phrase[0].isalnum():
        body = r"(?<![a-z])" + body
    if phrase[-1].isascii() and phrase[-1].isalnum():
        body += r"(?![a-z])"
    return body


def _compile(*blocks: str) -> re.Pattern[str]:
    phrases = sorted({p for b in blocks for p in _phrases(b)}, key=len, reverse=True)
    return re.compile("|".join(_fuzzy(p) for p in phrases))


@dataclass(frozen=True, slots=True)
class _Patterns:
    secret_nouns: re.Pattern[str]
    secret_cues: re.Pattern[str]
    payment_cues: re.Pattern[str]
    scam_fees: re.Pattern[str]
    ordinary_fees: re.Pattern[str]
    self_evident_payment: re.Pattern[str]
    remote: re.Pattern[str]
    contact_strong: re.Pattern[str]
    contact_cues: re.Pattern[str]
    contact_apps: re.Pattern[str]
    contact_links: re.Pattern[str]
    claims: re.Pattern[str]
    negations: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns(
        secret_nouns=_compile(_SENSITIVE_NOUNS),
        secret_cues=_compile(_REQUEST_CUES),
        payment_cues=_compile(_PAYMENT_CUES),
        scam_fees=_compile(_SCAM_FEES),
        ordinary_fees=_compile(_ORDINARY_FEES),
        self_evident_payment=_compile(_SELF_EVIDENT_PAYMENT),
        remote=_compile(_REMOTE),
        contact_strong=re.compile(_compile(_CONTACT_STRONG).pattern + "|" + _RAW_CONTACT),
        contact_cues=_compile(_CONTACT_CUES, _CONTACT_STRONG),
        contact_apps=_compile(_CONTACT_APPS),
        contact_links=re.compile(r"(?:t\.me|telegram\.me|wa\.me|chat\.whatsapp\.com)/\S+"),
        claims=_compile(_CLAIMS),
        negations=re.compile(
            "|".join(
                [
                    *(_fuzzy(p) if p.isascii() else re.escape(p) for p in _phrases(_NEGATIONS)),
                    _RAW_NEGATION,
                ]
            )
        ),
    )


def fold(text: str) -> str:
    """The copy risk rules read: NFKC, lower case, look-alikes folded, no invisibles."""
    text = PLACEHOLDER_RE.sub(MASK, text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFKC", text).lower().translate(_HOMOGLYPHS)


# --- matching --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    clause_ends: tuple[int, ...]
    negations: tuple[tuple[int, int], ...]

    def same_clause(self, start: int, end: int) -> bool:
        return not any(start <= c < end for c in self.clause_ends)

    def negated(self, start: int) -> bool:
        for neg_start, neg_end in self.negations:
            if neg_end <= start and start - neg_end <= _NEGATION_WINDOW:
                if self.same_clause(neg_end, start) and not _CONDITIONAL.search(
                    self.text[max(0, neg_start - 12) : neg_start]
                ):
                    return True
        return False


def _evidence(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())[:80]


def _paired(
    ctx: _Context, nouns: Iterable[re.Match[str]], cues: list[re.Match[str]]
) -> tuple[int, int] | None:
    """The first (cue, noun) pair in one clause, within the window, not negated."""
    for noun in nouns:
        for cue in cues:
            if cue.start() < noun.end() and noun.start() < cue.end():
                continue  # one word is not both ("deposit", "security deposit")
            start, end = min(cue.start(), noun.start()), max(cue.end(), noun.end())
            gap_start, gap_end = min(cue.end(), noun.end()), max(cue.start(), noun.start())
            if gap_end - gap_start > _PAIR_WINDOW or not ctx.same_clause(gap_start, gap_end):
                continue
            if not ctx.negated(start):
                return start, end
    return None


def _lone(ctx: _Context, matches: Iterable[re.Match[str]]) -> tuple[int, int] | None:
    for match in matches:
        if not ctx.negated(match.start()):
            return match.span()
    return None


def assess(text: str, author_role: str, *, redaction: Redaction | None = None) -> list[Risk]:
    """Risks in ``text`` written by ``author_role`` (one Risk per code, in rule order).

    Pass ``redaction`` when the caller already redacted ``text`` to save a pass.
    """
    if redaction is None:
        redaction = redact(text)
    folded = fold(redaction.text)
    p = _patterns()
    ctx = _Context(
        text=folded,
        clause_ends=tuple(m.start() for m in _CLAUSE_END.finditer(folded)),
        negations=tuple(m.span() for m in p.negations.finditer(folded)),
    )
    requester = author_role == "requester"
    risks: list[Risk] = []

    def add(code: RiskCode, severity: str, span: tuple[int, int] | None) -> None:
        if span is not None:
            risks.append(Risk(code, "medium" if requester else severity, _evidence(folded, *span)))

    add(
        RiskCode.ASKS_FOR_SECRET,
        "high",
        _paired(ctx, p.secret_nouns.finditer(folded), list(p.secret_cues.finditer(folded))),
    )
    payment_cues = list(p.payment_cues.finditer(folded))
    scam = _paired(ctx, p.scam_fees.finditer(folded), payment_cues) or _lone(
        ctx, p.self_evident_payment.finditer(folded)
    )
    if scam:
        add(RiskCode.ASKS_FOR_PAYMENT, "high", scam)
    else:
        add(
            RiskCode.ASKS_FOR_PAYMENT,
            "medium",
            _paired(ctx, p.ordinary_fees.finditer(folded), payment_cues),
        )
    add(
        RiskCode.OFF_PLATFORM_CONTACT,
        "medium",
        _paired(ctx, p.contact_apps.finditer(folded), list(p.contact_cues.finditer(folded)))
        or _lone(ctx, p.contact_strong.finditer(folded))
        or _lone(ctx, p.contact_links.finditer(folded)),
    )
    add(RiskCode.REMOTE_ACCESS, "high", _lone(ctx, p.remote.finditer(folded)))
    if author_role not in STAFF_ROLES:
        add(RiskCode.CLAIMS_OFFICIAL_OUTSIDE, "high", _lone(ctx, p.claims.finditer(folded)))
    if redaction.findings:
        kinds = sorted({f.kind.value for f in redaction.findings})
        risks.append(Risk(RiskCode.SHARES_SECRET, "high", ", ".join(kinds)))
    return risks
