"""Passwords and one-time codes given after a label.

"我的密码是 Abc12345!" → "我的密码是 [已隐藏：密码]": the value is hidden, the label
kept, so the agent still understands the message. A label without a value stays
untouched: "我忘记了密码", "reset my password", "密码错误", "my password is wrong".

Rules: a label (密码, 支付密码, 登录密码, 资金密码, 交易密码, 口令, password, passwd,
pwd, passphrase, ``pass:``, PIN; codes: 验证码, 谷歌验证码, 动态码, 2FA, OTP, SMS or
verification code), then an optional connector (is, was, :, =, 是, 为, 就是, 改成 …),
then a value of 4–64 non-space characters that is not Chinese (Chinese after the
label is prose: 密码是不是错了). The value must look like a secret: it contains a
digit or a symbol, or it is a single word introduced by an explicit connector and
not an ordinary word of a sentence ("wrong", "reset", "the", "too" …). Codes must
contain a digit. The kind of a code is ``password`` too: it opens the account.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding, Kind
from .text import ascii_view

_CREDENTIAL_LABEL = (
    r"(?:支付|登录|登陆|资金|交易|提现|钱包|解锁|账户|账号|邮箱)?密码|口令"
    r"|(?<![A-Za-z])(?:pass(?:word|wd|phrase|code)?(?=\s*[:=])|password|passwd|passphrase|pwd"
    r"|pin(?:\s*code)?)(?![A-Za-z])"
)
_CODE_LABEL = (
    r"(?:谷歌|短信|邮箱|手机)?验证码|动态码|安全码|校验码"
    r"|(?<![A-Za-z])(?:(?:2fa|otp|totp|mfa|sms|verification|auth(?:enticator)?"
    r"|google(?:\s*auth(?:enticator)?)?)\s*code|2fa|otp|totp|mfa)(?![A-Za-z])"
)
_CONNECTOR = (
    r"(?:(?:\s*(?:is|was|:|：|=|是|为|為|都是|就是|改成了?|改为|设为|设置为|设置成)\s*)+|\s+)"
    r"[\"'`]?"
)
_VALUE = r"[^\s\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef\ufffc\[\]<>\"'`]{4,64}"


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


_LABELLED_RE = re.compile(
    rf"(?P<label>{_CREDENTIAL_LABEL}|(?P<code>{_CODE_LABEL}))"
    rf"(?P<conn>(?:{_CONNECTOR})?)(?P<value>{_VALUE})",
    re.IGNORECASE,
)


# Every position where a label may start, found in C: each branch opens with a
# literal, so the regex engine skips to the few characters that can open a label
# (English letters only at a word start). A superset: ``_LABELLED_RE`` is then tried
# at each, in text order, which gives exactly ``_LABELLED_RE.finditer(text)``.
_LABEL_START_RE = re.compile(
    "|".join(
        [
            # Only the first character is consumed, so no start is skipped.
            *(
                f"{label[0]}(?={label[1:]})"
                for label in [
                    *(
                        f"{p}密码"
                        for p in "支付 登录 登陆 资金 交易 提现 钱包 解锁 账户 账号 邮箱".split()
                    ),
                    *(f"{p}验证码" for p in "谷歌 短信 邮箱 手机".split()),
                    *"密码 口令 验证码 动态码 安全码 校验码".split(),
                ]
            ),
            *(
                # IGNORECASE also folds ſ (U+017F) to s; the word-start guard and the
                # rest of the label are read case-insensitively as in _LABELLED_RE.
                f"{first}(?i:(?<![a-z].)(?={rest}))"
                for letter, rest in {
                    "p": "(?:ass|wd|in)",
                    "2": "fa",
                    "o": "tp",
                    "t": "otp",
                    "m": "fa",
                    "s": "ms",
                    "v": "erification",
                    "a": "uth",
                    "g": "oogle",
                }.items()
                for first in dict.fromkeys(
                    [letter, letter.upper(), *(["\u017f"] if letter == "s" else [])]
                )
            ),
        ]
    )
)
_EXPLICIT_RE = re.compile(r"is|was|[:：=是为為就改设]", re.IGNORECASE)
_SECRETISH_RE = re.compile(r"[0-9!@#$%^&*_+=~?.\-/\\|]")

# Words that follow "password is" in sentences that hold no password.
_NOT_A_VALUE = frozenset(
    """
    wrong incorrect invalid correct right not the this that what which same too very also
    still being been reset forgot forgotten changed change expired required empty missing
    locked blocked weak strong different lost stolen leaked compromised case now set saved
    mine yours his hers ours theirs your their our and but for with from into just only
    field manager policy protected strength length rules needed enabled disabled working
    sent needs must should will would can could does did done here there never always
    please help hint reminder recovery linked valid accepted rejected ok okay fine good
    none null unknown
    """.split()
)


# The same starts without the regex: it tried a match at every p, o, t, m, s, a, g
# and v of the text. Chinese labels all end in 码 or are 口令, so only the few 码
# are looked at (by the character before them); English labels are searched with
# ``bytes.find`` in the lower-cased ASCII view, then the word-start guard is read.
_ZH_LABELS = [
    *(f"{p}密码" for p in "支付 登录 登陆 资金 交易 提现 钱包 解锁 账户 账号 邮箱".split()),
    *(f"{p}验证码" for p in "谷歌 短信 邮箱 手机".split()),
    *"密码 验证码 动态码 安全码 校验码".split(),
]
_ZH_BY_BEFORE_MA = {
    before: [label for label in _ZH_LABELS if label[-2] == before]
    for before in {label[-2] for label in _ZH_LABELS}
}
_EN_LABELS = (
    b"pass",
    b"pwd",
    b"pin",
    b"2fa",
    b"otp",
    b"totp",
    b"mfa",
    b"sms",
    b"auth",
    b"verification",
    b"google",
)
# Non-ASCII letters that IGNORECASE matches to ASCII ones (İ ı ſ K): a text holding one
# takes the regex.
_IGNORECASE_EXTRA = re.compile("[\u0130\u0131\u017f\u212a]")


def _label_starts(text: str, view: bytes) -> list[int]:
    """Every position where ``_LABEL_START_RE`` matches, in order."""
    if b"\xc4" in view or b"\xc5" in view or (b"\xe2" in view and "\u212a" in text):
        if _IGNORECASE_EXTRA.search(text):
            return [m.start() for m in _LABEL_START_RE.finditer(text)]
    starts: set[int] = set()
    i = text.find("码")
    while i >= 0:
        for label in _ZH_BY_BEFORE_MA.get(text[i - 1], ()) if i else ():
            start = i + 1 - len(label)
            if start >= 0 and text.startswith(label, start):
                starts.add(start)
        i = text.find("码", i + 1)
    i = text.find("口令")
    while i >= 0:
        starts.add(i)
        i = text.find("口令", i + 1)
    lower = view.lower()
    for word in _EN_LABELS:
        i = lower.find(word)
        while i >= 0:
            if not lower[i - 1 : i].isalpha():
                starts.add(i)
            i = lower.find(word, i + 1)
    return sorted(starts)


def find(text: str, view: bytes | None = None) -> Iterator[Finding]:
    """Passwords in normalised ``text``; ``view`` is its ``ascii_view`` if known."""
    done = 0
    for start in _label_starts(text, ascii_view(text) if view is None else view):
        if start < done:
            continue
        match = _LABELLED_RE.match(text, start)
        if match is not None:
            done = match.end()
            yield from _judge(match)


def _judge(match: re.Match[str]) -> Iterator[Finding]:
    value = match.group("value")
    trimmed = value.rstrip(",.;:)")
    if len(trimmed) >= 4:
        value = trimmed
    if not _looks_like_secret(value, match.group("conn"), bool(match.group("code"))):
        return
    start = match.start("value")
    confidence = 0.85 if _SECRETISH_RE.search(value) else 0.7
    yield Finding(Kind.PASSWORD, start, start + len(value), confidence)


def _looks_like_secret(value: str, connector: str, is_code: bool) -> bool:
    has_digit = any(c.isdigit() for c in value)
    if is_code:
        return has_digit
    if (has_digit or _SECRETISH_RE.search(value)) and _EXPLICIT_RE.search(connector):
        return True
    if not _EXPLICIT_RE.search(connector):
        # "password manager", "password/2FA": a phrase or a list, no value.
        return value[0].isalnum() and (has_digit or not value.isalpha())
    lower = value.lower()
    if lower in _NOT_A_VALUE:
        return False
    # Mixed case inside the word (aBcDeF) is a password; a plain English word after
    # "is"/":" is one too ("my password is sunshine") unless it ends a sentence.
    return True
