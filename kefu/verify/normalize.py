"""Turn whatever a user pastes into one identifier: host, e-mail, handle, phone, WeChat ID, app ID."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import idna
import phonenumbers

from .psl import SuffixList

MAX_INPUT = 2048

_PUNCT = str.maketrans(
    {"。": ".", "．": ".", "｡": ".", "＠": "@", "：": ":", "／": "/", "＋": "+", "　": " "}
)
_QUOTES = " \t\r\n\"'`<>«»“”‘’「」『』《》()（）[]【】,，;；!！?？"

_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog", "www.t.me", "www.telegram.me"})
_TWITTER_HOSTS = frozenset(
    {"x.com", "twitter.com", "www.x.com", "www.twitter.com", "mobile.twitter.com", "mobile.x.com"}
)
_TWITTER_RESERVED = frozenset(
    {"home", "i", "search", "intent", "share", "hashtag", "explore", "settings", "login", "signup",
     "messages", "notifications", "tos", "privacy"}
)  # fmt: skip
_WEB_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "hxxp", "hxxps"})

_PREFIX = re.compile(
    r"^(?:"
    r"(?P<wechat>(?:wechat|weixin|wx|vx)\s*:\s*|(?:微信号|微信|威信|vx号)\s*:?\s*)"
    r"|(?P<telegram>(?:telegram|tg)\s*(?::(?!//)\s*|\s+(?=@))|(?:电报|飞机|纸飞机)(?:号|账号)?\s*:?\s*)"
    r"|(?P<twitter>(?:twitter|x)\s*(?::\s*|\s+(?=@))|推特(?:号|账号)?\s*:?\s*)"
    r"|(?P<app>(?:app|package|bundle)\s*:\s*)"
    r"|(?P<email>mailto:)"
    r")",
    re.I,
)
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]{0,15}):(//)?", re.I)
_PHONE_RUN = re.compile(r"\+?\(?\d[\d\s\-().]{4,}\d")
_PHONE_ONLY = re.compile(r"^(?:tel:|电话|客服电话|热线)?\s*\+?[\d\s\-().]{5,}$", re.I)
_LABEL = r"[a-z0-9_](?:[a-z0-9_\-]{0,61}[a-z0-9_])?"
_HOST_RE = re.compile(rf"(?:{_LABEL}\.)+{_LABEL}")
_FAST = re.compile(r"(?:(?:https?|hxxps?)://)?([A-Za-z0-9_.\-]+)(?::\d{1,5})?(?:[/?#][^\s@]*)?")
_SAFE_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.]*[a-z0-9])?")
_CTRL = re.compile(r"[\x00-\x1f\x7f]")
_HANDLE = re.compile(r"^[a-z0-9_.]{2,64}$")
_WECHAT = re.compile(r"^[a-z0-9_\-]{3,40}$")
_DOMAINISH = re.compile(r"[a-z0-9\-]\.[a-z]{2,}", re.I)
_CJK = re.compile(r"[\u3400-\u9fff]")


class Host:
    """A parsed host name. ``labels`` are ASCII (punycode), ``ulabels`` their display form.

    ``registrable`` is the registrable domain (eTLD+1, PSL with private suffixes),
    ``reg_index`` the position of its first label, ``suffix`` the public suffix.
    """

    __slots__ = (
        "labels", "ulabels", "suffix_len", "is_idn", "is_ip", "ascii", "has_registrable",
        "reg_index", "registrable", "suffix",
    )  # fmt: skip

    def __init__(
        self,
        labels: list[str],
        ulabels: list[str],
        suffix_len: int,
        is_idn: bool = False,
        is_ip: bool = False,
    ) -> None:
        self.labels = labels
        self.ulabels = ulabels
        self.suffix_len = suffix_len
        self.is_idn = is_idn
        self.is_ip = is_ip
        self.ascii = ".".join(labels)
        n = len(labels)
        self.has_registrable = n > suffix_len
        self.reg_index = n - suffix_len - 1
        self.registrable = ".".join(labels[-suffix_len - 1 :]) if self.has_registrable else ""
        self.suffix = ".".join(labels[-suffix_len:])

    @property
    def unicode(self) -> str:
        return ".".join(self.ulabels)


@dataclass(slots=True)
class Parsed:
    """What the input was understood as. ``kind`` is a channel kind or ``name``/``garbage``."""

    kind: str
    raw: str
    normalized: str = ""
    host: Host | None = None
    userinfo: str = ""
    path: str = ""
    local: str = ""
    handle: str = ""
    handle_kinds: tuple[str, ...] = ()
    invite: bool = False
    phone: str = ""
    context: str = ""
    hidden: tuple[str, ...] = ()
    stylised: bool = False
    problem: str = ""


def clean(raw: str) -> tuple[str, tuple[str, ...], bool]:
    """Remove invisible characters (recorded), apply NFKC and map CJK punctuation."""
    hidden: list[str] = []
    stylised = False
    text = raw
    if not text.isascii():
        kept: list[str] = []
        for char in text:
            if char.isascii():
                kept.append(char)
                continue
            category = unicodedata.category(char)
            if category == "Cf" or char in "\u180e\u034f\u115f\u1160\u3164\uffa0":
                hidden.append(f"U+{ord(char):04X}")
            elif category != "Cc":
                kept.append(char)
        text = "".join(kept).translate(_PUNCT)
        normal = unicodedata.normalize("NFKC", text)
        stylised = normal != text and any(
            0xFF01 <= ord(c) <= 0xFF5E or 0x1D400 <= ord(c) <= 0x1D7FF for c in text
        )
        text = normal
    elif _CTRL.search(text):
        text = _CTRL.sub("", text)
    return text.strip(_QUOTES), tuple(dict.fromkeys(hidden)), stylised


def display_phone(e164: str) -> str:
    """International format for display (``+86 400 888 6666``)."""
    try:
        number = phonenumbers.parse(e164, "CN")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


_CN_FAST = re.compile(r"(?:\+?86|0086)?(1[3-9]\d{9}|400\d{7}|800\d{7})")
_PHONE_NOISE = str.maketrans("", "", " -().\u00a0")


def parse_phone(text: str) -> str | None:
    """E.164 form of a phone number (default region CN), or None."""
    compact = text.translate(_PHONE_NOISE)
    fast = _CN_FAST.fullmatch(compact)
    if fast is not None:
        # Mainland mobile and 400/800 service numbers: what phonenumbers returns too.
        return "+86" + fast.group(1)
    digits = sum(c.isdigit() for c in compact)
    if digits < 5 or digits > 17:
        return None
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return f"+{number.country_code}{phonenumbers.national_significant_number(number)}"


def _decode_label(label: str) -> str:
    try:
        return idna.decode(label)
    except (idna.IDNAError, UnicodeError, ValueError):
        try:
            return label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            return label


def _encode_label(label: str) -> str | None:
    try:
        return idna.alabel(label).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        try:
            return "xn--" + label.encode("punycode").decode("ascii")
        except UnicodeError:
            return None


def parse_host(text: str, psl: SuffixList) -> Host | None:
    """Parse a bare host name (no scheme, path or port). Returns None when it is not one."""
    host = text.lower().rstrip(".")
    if not host or len(host) > 253 or ".." in host or host.startswith("."):
        return None
    if host.isascii():
        labels = host.split(".")
        if "xn--" in host:
            ulabels = [_decode_label(lb) if lb.startswith("xn--") else lb for lb in labels]
            is_idn = True
        else:
            ulabels = labels
            is_idn = False
    else:
        ulabels = host.split(".")
        labels = []
        for ulabel in ulabels:
            if ulabel.isascii():
                labels.append(ulabel)
                continue
            encoded = _encode_label(ulabel)
            if encoded is None:
                return None
            labels.append(encoded)
        ulabels = [_decode_label(lb) if lb.startswith("xn--") else lb for lb in labels]
        is_idn = True
    if len(labels) < 2:
        return None
    if is_idn or not _SAFE_HOST.fullmatch(host):
        if not _HOST_RE.fullmatch(".".join(labels)):
            return None
    if labels[-1].isdigit():
        if len(labels) == 4 and all(lb.isdigit() for lb in labels):
            return Host(labels, ulabels, 1, is_ip=True)
        return None
    return Host(labels, ulabels, psl.suffix_length(labels), is_idn=is_idn)


def _split_url(text: str) -> tuple[str, str, str]:
    """Split ``user@host:port/path?q`` into (userinfo, host, rest)."""
    cut = len(text)
    for sep in "/?#\\":
        pos = text.find(sep)
        if 0 <= pos < cut:
            cut = pos
    authority, rest = text[:cut], text[cut:]
    userinfo = ""
    if "@" in authority:
        userinfo, _, authority = authority.rpartition("@")
    if authority.startswith("["):
        return userinfo, authority, rest
    host, _, port = authority.partition(":")
    if port and not port.isdigit():
        host = authority
    return userinfo, host, rest


def _first_segment(rest: str) -> list[str]:
    path = rest.split("?", 1)[0].split("#", 1)[0]
    return [seg for seg in path.split("/") if seg]


def _from_url(out: Parsed, text: str, psl: SuffixList) -> Parsed:
    userinfo, host_text, rest = _split_url(text)
    out.userinfo = userinfo
    out.path = rest
    host_l = host_text.lower().rstrip(".")
    segments = _first_segment(rest)
    if host_l in _TELEGRAM_HOSTS or host_l.endswith(".t.me"):
        if host_l.endswith(".t.me") and host_l not in _TELEGRAM_HOSTS:
            return _as_handle(out, host_l[: -len(".t.me")], ("telegram",))
        if segments and segments[0] == "s" and len(segments) > 1:
            segments = segments[1:]
        if segments and segments[0] in {"joinchat", "+"} and len(segments) > 1:
            return _as_invite(out, segments[1])
        if segments and segments[0].startswith("+"):
            return _as_invite(out, segments[0][1:])
        if segments:
            return _as_handle(out, segments[0], ("telegram",))
    if host_l in _TWITTER_HOSTS and segments and segments[0].lower() not in _TWITTER_RESERVED:
        return _as_handle(out, segments[0], ("twitter",))
    host = parse_host(host_text, psl)
    if host is None:
        out.kind = "garbage"
        out.problem = "bad_host"
        return out
    out.kind = "website"
    out.host = host
    shown = host.ascii[4:] if host.ascii.startswith("www.") and len(host.labels) > 2 else host.ascii
    out.normalized = shown
    return out


def _as_invite(out: Parsed, code: str) -> Parsed:
    out.kind = "telegram"
    out.invite = True
    out.handle = "+" + code
    out.handle_kinds = ("telegram",)
    out.normalized = "https://t.me/+" + code
    return out


def _as_handle(out: Parsed, handle: str, kinds: tuple[str, ...]) -> Parsed:
    handle = handle.lstrip("@").lower()
    if not _HANDLE.match(handle):
        out.kind = "garbage"
        out.problem = "bad_handle"
        return out
    out.kind = kinds[0] if len(kinds) == 1 else "handle"
    out.handle = handle
    out.handle_kinds = kinds
    out.normalized = "@" + handle
    return out


def _from_email(out: Parsed, text: str, psl: SuffixList) -> Parsed:
    local, _, domain = text.rpartition("@")
    host = parse_host(domain, psl)
    if host is None or not local:
        out.kind = "garbage"
        out.problem = "bad_email"
        return out
    out.kind = "email"
    out.local = local.lower()
    out.host = host
    out.normalized = f"{out.local}@{host.ascii}"
    return out


def _from_phone(out: Parsed, text: str) -> Parsed | None:
    match = _PHONE_RUN.search(text)
    if match is None:
        return None
    context = (text[: match.start()] + " " + text[match.end() :]).strip()
    if _DOMAINISH.search(context) or "@" in context:
        return None
    e164 = parse_phone(match.group(0))
    if e164 is None:
        return None
    out.kind = "phone"
    out.phone = e164
    out.context = context
    out.normalized = e164
    return out


def parse(raw: object, psl: SuffixList) -> Parsed:
    """Understand one pasted value. Never raises."""
    if not isinstance(raw, str):
        return Parsed(kind="garbage", raw=repr(raw)[:80], problem="empty")
    text, hidden, stylised = clean(raw[:MAX_INPUT])
    out = Parsed(kind="garbage", raw=raw[:200], hidden=hidden, stylised=stylised)
    if len(raw) > MAX_INPUT:
        out.problem = "too_long"
        return out
    if not hidden and text.isascii():
        fast = _fast_host(out, text, psl)
        if fast is not None:
            return fast
    if not text:
        out.problem = "empty"
        return out
    if text[0] == "@" and _HANDLE.match(text[1:].lower()):
        return _as_handle(out, text[1:], ("telegram", "twitter"))
    forced = ""
    match = _PREFIX.match(text)
    if match:
        forced = match.lastgroup or ""
        text = text[match.end() :].strip(_QUOTES)
    if not text:
        out.problem = "empty"
        return out
    if forced == "wechat":
        wid = text.lower()
        if not _WECHAT.match(wid):
            out.problem = "bad_wechat"
            return out
        out.kind = "wechat"
        out.handle = wid
        out.handle_kinds = ("wechat",)
        out.normalized = "wechat:" + wid
        return out
    if forced == "app":
        out.kind = "app"
        out.handle = text.lower()
        out.normalized = "app:" + out.handle
        return out
    if forced == "email":
        return _from_email(out, text.split("?", 1)[0], psl)
    if forced in {"telegram", "twitter"} and "/" not in text and "." not in text:
        return _as_handle(out, text, (forced,))
    if _PHONE_ONLY.match(text) or (
        not _SCHEME.match(text) and "/" not in text and " " in text and _DIGIT.search(text)
    ):
        phone = _from_phone(out, text)
        if phone is not None:
            return phone
    if _SPACE.search(text):
        return _from_words(out, text, psl)
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() in _WEB_SCHEMES:
        return _from_url(out, text[scheme.end() :].lstrip("/"), psl)
    if scheme and scheme.group(1).lower() == "tg":
        found = re.search(r"domain=([A-Za-z0-9_]+)", text)
        if found:
            return _as_handle(out, found.group(1), ("telegram",))
        out.problem = "bad_handle"
        return out
    if scheme and scheme.group(1).lower() == "tel":
        return _from_phone(out, text[scheme.end() :]) or _bad(out, "bad_phone")
    if text.startswith("@"):
        return _as_handle(out, text[1:], ("telegram", "twitter"))
    if "@" in text:
        at = text.rfind("@")
        if any(sep in text[at:] for sep in "/?#"):
            return _from_url(out, text, psl)
        return _from_email(out, text, psl)
    if "." in text or "/" in text:
        return _from_url(out, text, psl)
    if _HANDLE.match(text.lower()):
        out.kind = "word"
        out.handle = text.lower()
        out.handle_kinds = ("telegram", "twitter", "wechat")
        out.normalized = text.lower()
        return out
    if _CJK.search(text):
        out.kind = "name"
        out.context = text
        out.normalized = text
        return out
    out.problem = "unrecognised"
    return out


def _fast_host(out: Parsed, text: str, psl: SuffixList) -> Parsed | None:
    """Plain ``host`` or ``http(s)://host[:port]/path`` without userinfo: the common case."""
    match = _FAST.fullmatch(text)
    if match is None:
        return None
    host_text = match.group(1).lower().rstrip(".")
    if (
        "." not in host_text
        or host_text in _TELEGRAM_HOSTS
        or host_text in _TWITTER_HOSTS
        or host_text.endswith(".t.me")
        or host_text[-1].isdigit()
    ):
        return None
    if ".." in host_text or host_text[0] in ".-":
        return None
    labels = host_text.split(".")
    if "xn--" in host_text:
        host = parse_host(host_text, psl)
        if host is None:
            return None
    else:
        host = Host(labels, labels, psl.suffix_length(labels))
    out.kind = "website"
    out.host = host
    out.path = text[match.end(1) :]
    out.normalized = (
        host_text[4:] if host_text.startswith("www.") and len(host.labels) > 2 else host_text
    )
    return out


def _bad(out: Parsed, problem: str) -> Parsed:
    out.problem = problem
    return out


def _from_words(out: Parsed, text: str, psl: SuffixList) -> Parsed:
    """Text with spaces: one identifier plus context words (``币安客服 @abc``)."""
    tokens = text.split()
    idents = [t for t in tokens if "@" in t or "/" in t or _DOMAINISH.search(t)]
    if len(idents) == 1:
        inner = parse(idents[0], psl)
        if inner.kind != "garbage":
            rest = [t for t in tokens if t is not idents[0]]
            inner.context = " ".join(rest)
            inner.raw = out.raw
            inner.hidden = out.hidden + inner.hidden
            return inner
    if _CJK.search(text) or len(tokens) <= 4:
        out.kind = "name"
        out.context = text
        out.normalized = " ".join(tokens)
        return out
    out.problem = "unrecognised"
    return out
