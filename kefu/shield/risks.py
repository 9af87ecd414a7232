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
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

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
_CLAUSE_END = re.compile(
    # = [.!?;](?=\s|$|[^\x00-\x7f])|[。！？；\n]|,(?=\s*\w\w), each branch opening
    # with a literal so the engine skips to the candidates in C.
    "|".join(
        [
            *(re.escape(c) + r"(?=\s|$|[^\x00-\x7f])" for c in ".!?;"),
            *"。！？；\n",
            r",(?=\s*\w\w)",
        ]
    )
)
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


_Opening = tuple[str, str]  # (first character, regex for the rest)


def _tree(phrases: Iterable[str]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def _body(node: dict[str, Any], prev: str, fuzzy: bool) -> str:
    """The regex for what may follow ``prev`` in a trie ``node``: branches opening with
    a literal (the gap factored out), so the engine rejects a wrong branch on its
    first character."""
    chars = [k for k in sorted(node) if k != "" and not (fuzzy and k == " ")]
    alts = []
    if chars:
        inner = [re.escape(k) + _body(node[k], k, fuzzy) for k in chars]
        gap = _GAP if fuzzy and prev != " " else ""
        alts.append(gap + (inner[0] if len(inner) == 1 else "(?:" + "|".join(inner) + ")"))
    if fuzzy and " " in node:
        alts.append(_WORD_GAP + _body(node[" "], " ", fuzzy))
    if "" in node:
        alts.append(r"(?![a-z])" if fuzzy and prev.isascii() and prev.isalnum() else "")
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _trie(phrases: Iterable[str], *, fuzzy: bool = True) -> list[_Opening]:
    """A regex accepting exactly what ``_fuzzy`` (or ``re.escape`` when not ``fuzzy``)
    accepts for each phrase, shaped as a trie: one alternative per first character.

    Every alternative opens with a literal character, so Python's regex engine skips
    in C to the characters that can open a phrase; the flat alternation, whose ASCII
    phrases open with a look-behind, made it try every branch at every position.
    """
    openings: list[_Opening] = []
    for key, child in sorted(_tree(phrases).items()):
        # (?<![a-z].) after the first character = (?<![a-z]) before it.
        guard = _GUARD if fuzzy and _guarded(key) else ""
        openings.append((key, guard + _body(child, key, fuzzy)))
    return openings


_GUARD = r"(?<![a-z].)"


def _guarded(char: str) -> bool:
    return char.isascii() and char.isalnum()


class _Phrases:
    """A phrase list. ``exact`` is the flat alternation (longest phrase first) whose
    matches the rules read; ``anchored`` (the same phrases as a trie) tells quickly
    whether any phrase starts at a position; ``openings`` feed the one scan that finds
    every such position for all lists at once (``_Scan``)."""

    __slots__ = ("anchored", "exact", "first", "fuzzy", "plain", "raw")

    def __init__(
        self,
        exact: str,
        fuzzy: Iterable[str],
        plain: Iterable[str] = (),
        raw: Iterable[_Opening] = (),
    ) -> None:
        self.exact = re.compile(exact)
        self.fuzzy, self.plain, self.raw = frozenset(fuzzy), frozenset(plain), tuple(raw)
        openings = [*_trie(self.fuzzy), *_trie(self.plain, fuzzy=False), *self.raw]
        self.first = frozenset(char for char, _ in openings)
        self.anchored = re.compile("|".join(re.escape(c) + rest for c, rest in openings))

    @classmethod
    def of(cls, *blocks: str) -> _Phrases:
        return cls(_compile(*blocks).pattern, {p for b in blocks for p in _phrases(b)})


def _union(lists: Iterable[_Phrases]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two scans that together match the first character of every position where a
    phrase of any list may start (the rest in a look-ahead, so no start is skipped).

    ASCII words: one character class, the word-start guard, then a look-ahead of every
    phrase's rest merged into one trie (a few false starts, checked per list later):
    most letters fail on the guard. Other openings (Chinese, raw patterns): a branch
    per first character.
    """
    lists = list(lists)
    fuzzy = {p for ps in lists for p in ps.fuzzy}
    words = {p for p in fuzzy if _guarded(p[0])}
    rests: dict[str, list[str]] = {}
    for char, rest in [
        *_trie(fuzzy - words),
        *_trie({p for ps in lists for p in ps.plain}, fuzzy=False),
        *(opening for ps in lists for opening in ps.raw),
    ]:
        rests.setdefault(char, []).append(rest)
    firsts = "".join(sorted({p[0] for p in words}))
    merged = _tree(p[1:] for p in words)
    return (
        re.compile(f"[{re.escape(firsts)}]{_GUARD}(?={_body(merged, 'a', True)})"),
        re.compile(
            "|".join(
                re.escape(char) + "(?=" + "|".join(dict.fromkeys(alts)) + ")"
                for char, alts in sorted(rests.items())
            )
        ),
    )


class _Scan:
    """Where phrases start in one folded text; each list's matches are read on first
    use and are exactly ``list.exact.finditer(text)``: the leftmost match, then the
    leftmost one starting at or after its end, and so on."""

    __slots__ = ("_found", "_starts", "text")

    def __init__(self, text: str, union: tuple[re.Pattern[str], re.Pattern[str]]) -> None:
        self.text = text
        starts: dict[str, list[int]] = {}
        for pattern in union:
            for match in pattern.finditer(text):
                starts.setdefault(match.group(), []).append(match.start())
        self._starts = starts
        self._found: dict[int, _Found] = {}

    def matches(self, phrases: _Phrases) -> _Found:
        found = self._found.get(id(phrases))
        if found is not None:
            return found
        found = _Found()
        chars = phrases.first.intersection(self._starts)
        if chars:
            text, end = self.text, 0
            anchored, exact = phrases.anchored.match, phrases.exact.match
            starts = self._starts
            for start in sorted(i for char in chars for i in starts[char]):
                if start >= end and anchored(text, start):
                    match = exact(text, start)
                    if match is not None:  # always: both accept the same strings
                        found.append(match)
                        end = match.end()
        self._found[id(phrases)] = found
        return found


class _Found(list[re.Match[str]]):
    """Matches in text order; ``near`` narrows them to those within a distance."""

    def near(self, start: int, end: int, distance: int) -> list[re.Match[str]]:
        """The matches ending at or after ``start - distance`` and starting at or
        before ``end + distance`` (no other is within ``distance`` of the span)."""
        lo = bisect_left(self, start - distance, key=_end)
        hi = bisect_left(self, end + distance + 1, lo, key=_start)
        return self[lo:hi]


def _end(match: re.Match[str]) -> int:
    return match.end()


def _start(match: re.Match[str]) -> int:
    return match.start()


@dataclass(frozen=True, slots=True)
class _Patterns:
    secret_nouns: _Phrases
    secret_cues: _Phrases
    payment_cues: _Phrases
    scam_fees: _Phrases
    ordinary_fees: _Phrases
    self_evident_payment: _Phrases
    remote: _Phrases
    contact_strong: _Phrases
    contact_cues: _Phrases
    contact_apps: _Phrases
    contact_links: re.Pattern[str]
    claims: _Phrases
    negations: _Phrases
    union: tuple[re.Pattern[str], re.Pattern[str]]


@functools.cache
def _patterns() -> _Patterns:
    strong = set(_phrases(_CONTACT_STRONG))
    negations = _phrases(_NEGATIONS)
    ascii_negations = {p for p in negations if p.isascii()}
    lists = {
        "secret_nouns": _Phrases.of(_SENSITIVE_NOUNS),
        "secret_cues": _Phrases.of(_REQUEST_CUES),
        "payment_cues": _Phrases.of(_PAYMENT_CUES),
        "scam_fees": _Phrases.of(_SCAM_FEES),
        "ordinary_fees": _Phrases.of(_ORDINARY_FEES),
        "self_evident_payment": _Phrases.of(_SELF_EVIDENT_PAYMENT),
        "remote": _Phrases.of(_REMOTE),
        "contact_strong": _Phrases(
            _compile(_CONTACT_STRONG).pattern + "|" + _RAW_CONTACT,
            strong,
            # _RAW_CONTACT with its look-behind after the first character.
            raw=[("加", r"(?<![参增追更]加)[\W_]{0,4}我")],
        ),
        "contact_cues": _Phrases.of(_CONTACT_CUES, _CONTACT_STRONG),
        "contact_apps": _Phrases.of(_CONTACT_APPS),
        "claims": _Phrases.of(_CLAIMS),
        "negations": _Phrases(
            "|".join(
                [
                    *(_fuzzy(p) if p.isascii() else re.escape(p) for p in negations),
                    _RAW_NEGATION,
                ]
            ),
            ascii_negations,
            set(negations) - ascii_negations,
            raw=[("别", _RAW_NEGATION.removeprefix("别"))],
        ),
    }
    return _Patterns(
        **lists,
        contact_links=re.compile(r"(?:t\.me|telegram\.me|wa\.me|chat\.whatsapp\.com)/\S+"),
        union=_union(lists.values()),
    )


# Full-width ASCII forms (，：？！（）…) and the ideographic space: NFKC folds each to
# one ASCII character that composes with nothing, so replacing them first and finding
# the rest already normalised (a cheap C check) gives NFKC's result at a third of the
# cost. Anything else (ligatures, circled letters, combining marks) takes NFKC.
_FULL_WIDTH_RE = re.compile("([\uff01-\uff5e\u3000])")
_FULL_WIDTH = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFF01, 0xFF5F)}
_FULL_WIDTH["\u3000"] = " "
_HOMOGLYPH_RE = re.compile("[асеорхуіјѕԁԛѵνοκтмнв]")


def _nfkc(text: str) -> str:
    if unicodedata.is_normalized("NFKC", text):
        return text
    pieces = _FULL_WIDTH_RE.split(text)
    if len(pieces) > 1:
        pieces[1::2] = map(_FULL_WIDTH.__getitem__, pieces[1::2])
        folded = "".join(pieces)
        if unicodedata.is_normalized("NFKC", folded):
            return folded
    return unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """The copy risk rules read: NFKC, lower case, look-alikes folded, no invisibles."""
    if "[" in text:
        text = PLACEHOLDER_RE.sub(MASK, text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    text = _nfkc(text).lower()
    return text.translate(_HOMOGLYPHS) if _HOMOGLYPH_RE.search(text) else text


# --- matching --------------------------------------------------------------------


class _Context:
    """The folded text, its phrase starts, and its clause ends and negations (found on
    first use: most texts match no rule, and then neither is needed)."""

    __slots__ = ("_clause_ends", "_negations", "scan", "text")

    def __init__(self, text: str, patterns: _Patterns) -> None:
        self.text = text
        self.scan = _Scan(text, patterns.union)
        self._clause_ends: list[int] | None = None
        self._negations: list[tuple[int, int]] | None = None

    def same_clause(self, start: int, end: int) -> bool:
        if self._clause_ends is None:
            self._clause_ends = [m.start() for m in _CLAUSE_END.finditer(self.text)]
        i = bisect_left(self._clause_ends, start)
        return i == len(self._clause_ends) or self._clause_ends[i] >= end

    def negated(self, start: int) -> bool:
        if self._negations is None:
            self._negations = [m.span() for m in self.scan.matches(_patterns().negations)]
        for neg_start, neg_end in self._negations:
            if neg_end <= start and start - neg_end <= _NEGATION_WINDOW:
                if self.same_clause(neg_end, start) and not _CONDITIONAL.search(
                    self.text[max(0, neg_start - 12) : neg_start]
                ):
                    return True
        return False


def _evidence(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())[:80]


def _paired(ctx: _Context, nouns: _Phrases, cues: _Phrases) -> tuple[int, int] | None:
    """The first (cue, noun) pair in one clause, within the window, not negated."""
    for noun in ctx.scan.matches(nouns):
        # Only cues within the window can pair (the others fail the gap test below).
        for cue in ctx.scan.matches(cues).near(noun.start(), noun.end(), _PAIR_WINDOW):
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


def _links(folded: str, pattern: re.Pattern[str]) -> Iterable[re.Match[str]]:
    # Every link holds ".me/" or "whatsapp.com/": str.find is cheaper than the regex.
    if ".me/" in folded or "whatsapp.com/" in folded:
        return pattern.finditer(folded)
    return ()


def assess(text: str, author_role: str, *, redaction: Redaction | None = None) -> list[Risk]:
    """Risks in ``text`` written by ``author_role`` (one Risk per code, in rule order).

    Pass ``redaction`` when the caller already redacted ``text`` to save a pass.
    """
    if redaction is None:
        redaction = redact(text)
    folded = fold(redaction.text)
    p = _patterns()
    ctx = _Context(folded, p)
    requester = author_role == "requester"
    risks: list[Risk] = []

    def add(code: RiskCode, severity: str, span: tuple[int, int] | None) -> None:
        if span is not None:
            risks.append(Risk(code, "medium" if requester else severity, _evidence(folded, *span)))

    add(RiskCode.ASKS_FOR_SECRET, "high", _paired(ctx, p.secret_nouns, p.secret_cues))
    scam = _paired(ctx, p.scam_fees, p.payment_cues) or _lone(
        ctx, ctx.scan.matches(p.self_evident_payment)
    )
    if scam:
        add(RiskCode.ASKS_FOR_PAYMENT, "high", scam)
    else:
        add(RiskCode.ASKS_FOR_PAYMENT, "medium", _paired(ctx, p.ordinary_fees, p.payment_cues))
    add(
        RiskCode.OFF_PLATFORM_CONTACT,
        "medium",
        _paired(ctx, p.contact_apps, p.contact_cues)
        or _lone(ctx, ctx.scan.matches(p.contact_strong))
        or _lone(ctx, _links(folded, p.contact_links)),
    )
    add(RiskCode.REMOTE_ACCESS, "high", _lone(ctx, ctx.scan.matches(p.remote)))
    if author_role not in STAFF_ROLES:
        add(RiskCode.CLAIMS_OFFICIAL_OUTSIDE, "high", _lone(ctx, ctx.scan.matches(p.claims)))
    if redaction.findings:
        kinds = sorted({f.kind.value for f in redaction.findings})
        risks.append(Risk(RiskCode.SHARES_SECRET, "high", ", ".join(kinds)))
    return risks
