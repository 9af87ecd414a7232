"""Plain-language reasons, zh-Hans and en. Each says exactly what was seen."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .similarity import Change

LANGS = ("zh-Hans", "en")

_T: dict[str, tuple[str, str]] = {
    # official
    "official_domain": (
        "{host} 属于 {name} 的官方域名 {domain}。",
        "{host} belongs to {name}'s official domain {domain}.",
    ),
    "official_email": (
        "{address} 的域名 {domain} 是 {name} 的官方域名。",
        "The domain of {address} ({domain}) is an official domain of {name}.",
    ),
    "official_handle": (
        "{handle} 是 {name} 的官方 {kind} 账号。",
        "{handle} is an official {kind} account of {name}.",
    ),
    "official_phone": (
        "{phone} 是 {name} 登记的官方电话。",
        "{phone} is an official phone number of {name}.",
    ),
    "official_wechat": (
        "{wid} 是 {name} 登记的官方微信号。",
        "{wid} is an official WeChat ID of {name}.",
    ),
    "official_app": ("{app} 是 {name} 登记的官方 App。", "{app} is an official app of {name}."),
    "spoof_email": (
        "注意：发件人地址可以被伪造。即使地址是官方的，也请在官方 App 或网站内核实邮件内容（例如防钓鱼码）。",
        "Note: sender addresses can be spoofed. Even when the address is official, check the message "
        "in the official app or website (for example its anti-phishing code).",
    ),
    "spoof_phone": (
        "注意：来电号码可以被伪造。即使号码是官方的，也请挂断后拨打官方 App 或网站上公布的号码核实。",
        "Note: caller ID can be spoofed. Even when the number is official, hang up and call back "
        "the number published in the official app or website.",
    ),
    "spoof_handle": (
        "注意：显示名称和认证标记都不代表身份，只有账号名本身才算数；官方人员不会索要助记词、私钥或转账。",
        "Note: display names and check marks are not identity; only the account name counts. Official "
        "staff never ask for your seed phrase, private key or a transfer.",
    ),
    "redirect": (
        "这是官方域名，但链接里带有跳转到其他网站的参数（{target}），请勿在跳转后的页面输入任何信息。",
        "This is an official domain, but the link carries a redirect to another site ({target}); "
        "do not enter anything on the page it leads to.",
    ),
    # reported
    "reported": (
        "已被确认为冒充 {name} 的诈骗渠道。",
        "Confirmed as a scam channel impersonating {name}.",
    ),
    "reported_generic": ("已被确认为诈骗渠道。", "Confirmed as a scam channel."),
    # impersonation
    "imitates_changes": (
        "此{what}模仿 {official}：{changes}。",
        "This {what} imitates {official}: {changes}.",
    ),
    "other_tld": (
        "此域名使用了与 {official} 相同的名称，但后缀不同（.{suffix}）。",
        "This domain uses the same name as {official} but a different suffix (.{suffix}).",
    ),
    "free_hosting": (
        "此网站建在第三方托管服务 {suffix} 上，名称与 {official} 相同，但不是官方网站。",
        "This site is hosted on the third-party service {suffix} under the same name as {official}, "
        "but it is not the official site.",
    ),
    "combo": (
        "此{what}在 {brand} 的名称上加了“{extra}”等字样，但不是 {name} 的官方渠道（官方网站：{official}）。",
        "This {what} adds “{extra}” to the name {brand}, but it is not an official channel of {name} "
        "(official website: {official}).",
    ),
    "combo_plain": (
        "此{what}含有 {name} 的名称“{brand}”，但不是 {name} 的官方渠道（官方网站：{official}）。",
        "This {what} contains the name “{brand}” of {name}, but it is not an official channel of "
        "{name} (official website: {official}).",
    ),
    "subdomain_trick": (
        "{official} 被用作 {rd} 的子域名：真正打开的网站是 {rd}，不是 {official}。",
        "{official} is used as a subdomain of {rd}: the site that actually opens is {rd}, not {official}.",
    ),
    "subdomain_brand": (
        "{name} 的名称“{brand}”只出现在 {rd} 的子域名里：真正打开的网站是 {rd}。",
        "The name “{brand}” of {name} only appears as a subdomain of {rd}: the site that actually "
        "opens is {rd}.",
    ),
    "userinfo_trick": (
        "链接中 @ 前面的“{userinfo}”只是一个用户名，浏览器实际打开的是 {host}。",
        "The “{userinfo}” before the @ in this link is only a user name; the browser actually opens {host}.",
    ),
    "path_trick": (
        "{official} 只出现在链接的路径里，实际打开的网站是 {host}。",
        "{official} only appears in the path of the link; the site that actually opens is {host}.",
    ),
    "punycode": (
        "这是国际化域名（punycode）：{ascii} 在浏览器中显示为 {unicode}，使用了{scripts}字符。",
        "This is an internationalised (punycode) domain: {ascii} is displayed as {unicode} and uses "
        "{scripts} characters.",
    ),
    "bitsquat": (
        "“{a}”与“{b}”在计算机中只差一个比特（bitsquatting）。",
        "“{a}” and “{b}” differ by a single bit in memory (bitsquatting).",
    ),
    "brand_in_handle": (
        "此账号名含有 {name} 的名称“{brand}”，但不是 {name} 的官方账号。",
        "This account name contains the name “{brand}” of {name}, but it is not an official account of {name}.",
    ),
    "same_handle_other_kind": (
        "{handle} 是 {name} 在 {kind} 上的官方账号名；在其他平台上使用同名账号并不代表是官方账号。",
        "{handle} is {name}'s official account name on {kind}; the same name on another service is "
        "not registered as official.",
    ),
    "handle_digits": (
        "账号名里带有数字，这是假冒客服账号的常见特征。",
        "The account name contains digits, a common sign of fake support accounts.",
    ),
    "free_mail": (
        "{domain} 是免费邮箱，任何人都能注册“{local}”这样的地址；{name} 的官方邮件不会来自这里。",
        "{domain} is a free e-mail service: anyone can register an address like “{local}”; {name}'s "
        "official mail does not come from there.",
    ),
    "unofficial_phone": (
        "此号码与 {name} 的名称一起出现，但不是 {name} 登记的官方电话。",
        "This number is presented with the name {name}, but it is not an official number of {name}.",
    ),
    "near_phone": (
        "此号码与 {name} 的官方电话 {official} 只差一位数字。",
        "This number differs by one digit from {name}'s official number {official}.",
    ),
    "presented_with": (
        "此{what}与 {name} 的名称一起出现，但不是 {name} 登记的官方渠道。",
        "This {what} is presented with the name {name}, but it is not an official channel of {name}.",
    ),
    "looks_like_not_scam": (
        "这只说明它看起来像 {name} 的渠道而并非官方；是否为诈骗尚未经人工确认。请只使用官方渠道：{official}。",
        "This only means it looks like a channel of {name} without being official; it has not been "
        "confirmed as a scam. Use only the official channels: {official}.",
    ),
    # informational / unknown
    "hidden": (
        "输入中含有不可见字符（{codes}），已去除后再核对。",
        "The input contained invisible characters ({codes}); they were removed before checking.",
    ),
    "stylised": (
        "输入中使用了全角或特殊样式的字母，已转换为普通字母后再核对。",
        "The input used full-width or stylised letters; they were converted to plain letters before checking.",
    ),
    "userinfo_note": (
        "链接中 @ 前面的“{userinfo}”只是一个用户名，已忽略。",
        "The “{userinfo}” before the @ in this link is only a user name and was ignored.",
    ),
    "allowlisted": (
        "{rd} 是常见的正规网站，但不是任何已登记平台的客服渠道。",
        "{rd} is a well-known legitimate site, but not a support channel of any registered platform.",
    ),
    "unknown": (
        "此{what}不在官方渠道登记中。这不代表它安全：请只通过平台官方网站或 App 联系客服。",
        "This {what} is not in the registry of official channels. That does not make it safe: contact "
        "support only through the platform's official website or app.",
    ),
    "unknown_free_mail": (
        "{domain} 是免费邮箱，任何人都能注册。",
        "{domain} is a free e-mail service that anyone can register with.",
    ),
    "both_handles": (
        "@账号既可能是 Telegram 也可能是 X（Twitter），两者都已核对。",
        "An @handle can be a Telegram or an X (Twitter) account; both were checked.",
    ),
    "ip_address": (
        "这是一个 IP 地址而不是域名；正规平台不会让你在裸 IP 地址上登录或联系客服。",
        "This is an IP address, not a domain name; genuine platforms do not ask you to log in or contact "
        "support on a bare IP address.",
    ),
    "bare_suffix": (
        "{host} 是公共后缀，不是一个网站。",
        "{host} is a public suffix, not a website.",
    ),
    "name_only": (
        "“{text}”是 {name} 的名称，不是具体的渠道。请粘贴完整的网址、邮箱、账号或电话号码；{name} 的官方网站是 {official}。",
        "“{text}” is the name of {name}, not a channel. Paste the full address, e-mail, account or phone "
        "number; the official website of {name} is {official}.",
    ),
    "invite": (
        "Telegram 邀请链接只能逐字核对，此链接不在登记中。",
        "Telegram invite links can only be checked exactly; this one is not in the registry.",
    ),
    "garbage": (
        "无法识别输入的内容。请粘贴网址、邮箱地址、@账号、电话号码或微信号。",
        "The input could not be recognised. Paste a web address, e-mail address, @handle, phone number "
        "or WeChat ID.",
    ),
    "too_long": ("输入太长，无法核对。", "The input is too long to check."),
}

_WHAT: dict[str, tuple[str, str]] = {
    "website": ("域名", "domain"),
    "email": ("邮箱地址", "e-mail address"),
    "telegram": ("Telegram 账号", "Telegram account"),
    "twitter": ("X（Twitter）账号", "X (Twitter) account"),
    "handle": ("账号", "account"),
    "phone": ("电话号码", "phone number"),
    "wechat": ("微信号", "WeChat ID"),
    "app": ("App", "app"),
    "input": ("内容", "input"),
}

_KIND_NAME: dict[str, tuple[str, str]] = {
    "telegram": ("Telegram", "Telegram"),
    "twitter": ("X（Twitter）", "X (Twitter)"),
    "wechat": ("微信", "WeChat"),
}

_SCRIPT_ZH = {
    "LATIN": "拉丁",
    "CYRILLIC": "西里尔",
    "GREEK": "希腊",
    "ARMENIAN": "亚美尼亚",
    "HEBREW": "希伯来",
    "ARABIC": "阿拉伯",
    "CJK": "汉字",
    "HANGUL": "韩文",
    "HIRAGANA": "平假名",
    "KATAKANA": "片假名",
    "CHEROKEE": "切罗基",
}


def _idx(lang: str) -> int:
    return 0 if lang == "zh-Hans" else 1


class Msg(NamedTuple):
    """A reason not yet rendered: a catalogue key and its parameters (hashable)."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **params: Any) -> Msg:
        return cls(key, tuple(params.items()))


def script_name(script: str, lang: str) -> str:
    if lang == "zh-Hans":
        return _SCRIPT_ZH.get(script, script.title())
    return script.title()


def describe_char(char: str, lang: str) -> str:
    """``the letter i`` / ``字母 i``, ``the Cyrillic letter і (U+0456)`` …"""
    zh = lang == "zh-Hans"
    if len(char) > 1:
        return f"“{char}”" if zh else f"“{char}”"
    if char == "-":
        return "连字符“-”" if zh else "a hyphen"
    if char == "_":
        return "下划线“_”" if zh else "an underscore"
    if char == ".":
        return "点“.”" if zh else "a dot"
    if char.isascii():
        if char.isdigit():
            return f"数字 {char}" if zh else f"the digit {char}"
        return f"字母 {char}" if zh else f"the letter {char}"
    try:
        name = unicodedata.name(char)
    except ValueError:
        name = "UNKNOWN"
    script = name.split(" ", 1)[0]
    code = f"U+{ord(char):04X}"
    if script in {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"}:
        return (
            f"{script_name(script, lang)}字母 {char}（{code}）"
            if zh
            else f"the {script_name(script, lang)} letter {char} ({code})"
        )
    return f"字符 {char}（{code}）" if zh else f"the character {char} ({code})"


def describe_change(change: Change, lang: str) -> str:
    zh = lang == "zh-Hans"
    a, b = change.a, change.b
    if change.op == "replace":
        text = (
            f"{describe_char(a, lang)} 被替换为{describe_char(b, lang)}"
            if zh
            else f"{describe_char(a, lang)} was replaced by {describe_char(b, lang)}"
        )
        if change.is_keyboard:
            text += "（键盘上相邻的键）" if zh else " (a neighbouring key)"
        return text
    if change.op == "insert":
        return f"多了{describe_char(b, lang)}" if zh else f"{describe_char(b, lang)} was added"
    if change.op == "delete":
        return f"少了{describe_char(a, lang)}" if zh else f"{describe_char(a, lang)} was left out"
    return (
        f"{describe_char(a, lang)} 和{describe_char(b, lang)} 的顺序被调换"
        if zh
        else f"{describe_char(a, lang)} and {describe_char(b, lang)} were swapped"
    )


def describe_changes(changes: Sequence[Change], lang: str) -> str:
    parts = [describe_change(c, lang) for c in changes[:4]]
    if len(changes) > 4:
        parts.append("……" if lang == "zh-Hans" else "…")
    return ("，" if lang == "zh-Hans" else "; ").join(parts)


def what(kind: str, lang: str) -> str:
    return _WHAT.get(kind, _WHAT["input"])[_idx(lang)]


def kind_name(kind: str, lang: str) -> str:
    return _KIND_NAME.get(kind, (kind, kind))[_idx(lang)]


def render(msg: Msg, lang: str, name_of: Callable[[str], str] | None = None) -> str:
    """Render one reason in ``lang`` (zh-Hans, anything else → English).

    ``name_of`` maps the platform slug passed as ``name`` to its display name.
    """
    i = _idx(lang)
    template = _T[msg.key][i]
    if not msg.params:
        return template
    params: dict[str, Any] = {}
    for key, value in msg.params:
        if key in _SPECIAL:
            if key == "changes":
                value = describe_changes(value, lang)
            elif key == "what":
                value = _WHAT.get(value, _WHAT["input"])[i]
            elif key == "kind":
                value = _KIND_NAME.get(value, (value, value))[i]
            elif key == "scripts":
                sep = "、" if i == 0 else " and "
                value = sep.join(script_name(s, lang) for s in value)
            elif key == "name" and name_of is not None:
                value = name_of(value)
        params[key] = value
    text = template.format_map(params)
    if i == 0 and " " in text:
        text = _CJK_GAP.sub("", text)
    return text


# Chinese typography: no space between two CJK characters (属于 比特派 的 → 属于比特派的),
# but keep it next to Latin letters and digits (字母 i 被替换为数字 1).
_CJK_GAP = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) +(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)

_SPECIAL = frozenset({"changes", "what", "kind", "scripts", "name"})
