"""Placeholders that replace secrets, in the reader's language.

The shield masks its own placeholders before detecting, so redaction is idempotent
and a placeholder's words ("seed phrase", "私钥") never act as context.
"""

from __future__ import annotations

import re

from .findings import Kind

_NAMES: dict[str, dict[Kind, str]] = {
    "zh-Hans": {
        Kind.MNEMONIC: "助记词",
        Kind.PRIVATE_KEY: "私钥",
        Kind.WIF: "WIF 私钥",
        Kind.EXTENDED_PRIVATE_KEY: "扩展私钥",
        Kind.KEYSTORE: "Keystore 文件",
        Kind.PASSWORD: "密码",
    },
    "en": {
        Kind.MNEMONIC: "seed phrase",
        Kind.PRIVATE_KEY: "private key",
        Kind.WIF: "WIF private key",
        Kind.EXTENDED_PRIVATE_KEY: "extended private key",
        Kind.KEYSTORE: "keystore file",
        Kind.PASSWORD: "password",
    },
}
_PREFIX = {"zh-Hans": "[已隐藏：", "en": "[hidden: "}
LANGUAGES = tuple(_NAMES)


def kind_name(kind: Kind, lang: str) -> str:
    return _NAMES[_lang(lang)][kind]


def placeholder(kind: Kind, lang: str) -> str:
    lang = _lang(lang)
    return f"{_PREFIX[lang]}{_NAMES[lang][kind]}]"


def _lang(lang: str) -> str:
    # Any Chinese variant reads the simplified text; anything else reads English.
    if lang in _NAMES:
        return lang
    return "zh-Hans" if lang.lower().startswith("zh") else "en"


# Also accepts the placeholder after full-width normalisation (： → :).
PLACEHOLDER_RE = re.compile(
    r"\[(?:已隐藏[：:]|hidden: )(?:"
    + "|".join(re.escape(name) for names in _NAMES.values() for name in names.values())
    + r")\]"
)
