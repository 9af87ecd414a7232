"""The shield's test corpus, generated with fixed seeds (tests and bench share it).

``positives()``: texts holding one secret each, in many formats and languages.
``keep_cases()``: texts whose evidence (tx hashes, addresses, prose …) must survive.
``mixed_cases()``: both in one message.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass

import base58
from Crypto.PublicKey import ECC
from mnemonic import Mnemonic

from kefu.shield import Kind
from kefu.shield.mnemonic import CONTEXT_RE

from .complaints import COMPLAINTS
from .complaints_en import EN_COMPLAINTS
from .prose import CHINESE, ENGLISH, MIXED

SEED = 20250601


@dataclass(frozen=True)
class Case:
    text: str
    kind: Kind | None  # None: nothing may be redacted
    secret: str  # the secret (positives) or the string that must survive (keeps)
    label: str


# --- builders ------------------------------------------------------------------


def wif(key: bytes, *, compressed: bool = True, testnet: bool = False) -> str:
    payload = (b"\xef" if testnet else b"\x80") + key + (b"\x01" if compressed else b"")
    return base58.b58encode_check(payload).decode()


_EXT_VERSIONS = {
    "xprv": "0488ade4",
    "tprv": "04358394",
    "yprv": "049d7878",
    "zprv": "04b2430c",
    "Yprv": "0295b005",
    "Zprv": "02aa7a99",
    "xpub": "0488b21e",
    "zpub": "04b24746",
}


def extended_key(rng: random.Random, prefix: str) -> str:
    version = bytes.fromhex(_EXT_VERSIONS[prefix])
    body = bytes([rng.randrange(6)]) + rng.randbytes(4) + rng.randbytes(4) + rng.randbytes(32)
    key = b"\x00" + rng.randbytes(32) if prefix.endswith("prv") else b"\x02" + rng.randbytes(32)
    return base58.b58encode_check(version + body + key).decode()


def keystore_json(rng: random.Random, *, pretty: bool, crypto_key: str = "crypto") -> str:
    obj = {
        "address": rng.randbytes(20).hex(),
        crypto_key: {
            "cipher": "aes-128-ctr",
            "ciphertext": rng.randbytes(32).hex(),
            "cipherparams": {"iv": rng.randbytes(16).hex()},
            "kdf": "scrypt",
            "kdfparams": {
                "dklen": 32,
                "n": 262144,
                "p": 1,
                "r": 8,
                "salt": rng.randbytes(32).hex(),
            },
            "mac": rng.randbytes(32).hex(),
        },
        "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
        "version": 3,
    }
    return json.dumps(obj, indent=2 if pretty else None)


def solana_keypair(rng: random.Random) -> bytes:
    seed = rng.randbytes(32)
    public = ECC.construct(curve="Ed25519", seed=seed).public_key().export_key(format="raw")
    return seed + public


def base58_address(rng: random.Random, version: int) -> str:
    return base58.b58encode_check(bytes([version]) + rng.randbytes(20)).decode()


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_address(rng: random.Random, hrp: str = "bc") -> str:
    def polymod(values: list[int]) -> int:
        gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
        chk = 1
        for v in values:
            top = chk >> 25
            chk = (chk & 0x1FFFFFF) << 5 ^ v
            for i in range(5):
                chk ^= gen[i] if (top >> i) & 1 else 0
        return chk

    program = rng.randbytes(20)
    bits = int.from_bytes(program, "big")
    data = [0] + [(bits >> (5 * i)) & 31 for i in reversed(range(32))]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    mod = polymod(expanded + data + [0] * 6) ^ 1
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + checksum)


# --- mnemonic formats ----------------------------------------------------------


def _formats(words: list[str], chinese: bool) -> dict[str, str]:
    formats = {
        "space": " ".join(words),
        "comma": ", ".join(words),
        "ideographic_comma": "、".join(words),
        "newline": "\n".join(words),
        "tab": "\t".join(words),
        "numbered_dot": " ".join(f"{i}.{w}" for i, w in enumerate(words, 1)),
        "numbered_paren": "\n".join(f"{i}) {w}" for i, w in enumerate(words, 1)),
        "numbered_brackets": " ".join(f"({i}) {w}" for i, w in enumerate(words, 1)),
        "json_array": json.dumps(words, ensure_ascii=False),
        "full_width_comma": "，".join(words),
        "pipe": " | ".join(words),
    }
    if chinese:
        formats["dense"] = "".join(words)
        formats["grouped"] = " ".join("".join(words[i : i + 3]) for i in range(0, len(words), 3))
    else:
        formats["upper"] = " ".join(words).upper()
        formats["title"] = " ".join(w.title() for w in words)
        formats["zero_width"] = "\u200b ".join(words)
        formats["full_width"] = " ".join(words).translate(
            {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
        )
    return formats


_EN_FRAMES = [
    "{}",
    "my seed phrase is: {}",
    "Here are my 12 words {} please help me recover the wallet",
    "The agent told me to verify my wallet so I sent {} was that wrong?",
    "recovery phrase\n{}\nthanks",
]
_ZH_FRAMES = [
    "{}",
    "我的助记词是：{}",
    "助记词 {} 请帮我看看钱包还在不在",
    "客服让我验证钱包，我就发了{}，是不是被骗了",
    "备份如下\n{}\n谢谢",
    "我的助记词是{}请帮我看看",
]


def _core(decorated: str) -> str:
    """The phrase from its first to its last letter (numbering and brackets are not secret)."""
    letters = [i for i, c in enumerate(decorated) if c.isalpha()]
    return decorated[letters[0] : letters[-1] + 1]


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    letter = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[i]])
    return word[:i] + letter + word[i + 1 :]


def mnemonic_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    for language in ("english", "chinese_simplified", "chinese_traditional"):
        m = Mnemonic(language)
        chinese = language != "english"
        frames = _ZH_FRAMES if chinese else _EN_FRAMES
        for strength in (128, 160, 192, 224, 256):
            words = m.to_mnemonic(rng.randbytes(strength // 8)).split()
            for name, decorated in _formats(words, chinese).items():
                phrase = _core(decorated)
                frame = rng.choice(frames)
                if chinese and name == "dense" and frame.endswith("{}"):
                    frame = frames[1]
                cases.append(
                    Case(
                        frame.format(phrase),
                        Kind.MNEMONIC,
                        phrase,
                        f"{language}-{len(words)}-{name}",
                    )
                )
        for i in range(12):
            words = m.to_mnemonic(rng.randbytes(16)).split()
            missing = words[:i] + words[i + 1 :]  # 11 of 12 words leaked
            phrase = " ".join(missing)
            cases.append(
                Case(rng.choice(frames).format(phrase), Kind.MNEMONIC, phrase, f"{language}-11of12")
            )
            if not chinese:
                typo = list(words)
                typo[i] = _typo(typo[i], rng)
                phrase = " ".join(typo)
                cases.append(
                    Case(rng.choice(frames).format(phrase), Kind.MNEMONIC, phrase, "english-typo")
                )
                short = " ".join(w[:4] for w in words)  # four-letter abbreviations
                cases.append(Case(short, Kind.MNEMONIC, short, "english-abbreviated"))
            else:
                dense = "".join(missing)
                cases.append(Case(dense, Kind.MNEMONIC, dense, f"{language}-11of12-dense"))
    cases.append(
        Case("的一是在不了有和人这中大", Kind.MNEMONIC, "的一是在不了有和人这中大", "first-twelve")
    )
    return cases


# --- keys ----------------------------------------------------------------------

_KEY_FRAMES = [
    "私钥：{}",
    "my private key is {}",
    "这是我导出的私钥 {} 帮我看看",
    "privkey={}",
    "Exported key: {}",
    "密钥 {}",
    "please check {}",  # no context: hidden for safety
    "{}",
]


def key_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    for i in range(40):
        key = rng.randbytes(32).hex()
        key = key.upper() if i % 5 == 0 else key
        value = "0x" + key if i % 2 else key
        cases.append(
            Case(_KEY_FRAMES[i % len(_KEY_FRAMES)].format(value), Kind.PRIVATE_KEY, value, "hex")
        )
    cases.append(
        Case(
            "https://wallet.example/import?private_key=" + (k := rng.randbytes(32).hex()),
            Kind.PRIVATE_KEY,
            k,
            "hex-in-key-param",
        )
    )
    for i in range(30):
        value = wif(rng.randbytes(32), compressed=i % 2 == 0, testnet=i % 5 == 0)
        frame = ["WIF: {}", "我的私钥 {}", "{}", "import this {} into electrum"][i % 4]
        cases.append(Case(frame.format(value), Kind.WIF, value, "wif"))
    for prefix in ("xprv", "tprv", "yprv", "zprv", "Yprv", "Zprv"):
        for _ in range(5):
            value = extended_key(rng, prefix)
            cases.append(Case(f"主私钥 {value}", Kind.EXTENDED_PRIVATE_KEY, value, prefix))
    for i in range(10):
        pretty = i % 2 == 0
        value = keystore_json(rng, pretty=pretty, crypto_key="Crypto" if i % 3 == 0 else "crypto")
        frame = ["keystore:\n{}\n密码我稍后发", "{}", "这是我的 keystore 文件内容 {} 请帮忙"][i % 3]
        cases.append(Case(frame.format(value), Kind.KEYSTORE, value, "keystore"))
    for _ in range(5):
        value = base58.b58encode(solana_keypair(rng)).decode()
        cases.append(Case(f"phantom 导出的私钥 {value}", Kind.PRIVATE_KEY, value, "solana"))
    value = json.dumps(list(solana_keypair(rng)))
    cases.append(Case(f"id.json: {value}", Kind.PRIVATE_KEY, value, "solana-array"))
    return cases


_PASSWORD_FRAMES = [
    ("我的密码是 {}", "zh"),
    ("登录密码：{}", "zh"),
    ("支付密码{}", "zh"),
    ("资金密码是{}，谢谢", "zh"),
    ("口令 {}", "zh"),
    ("my password is {}", "en"),
    ("Password: {}", "en"),
    ("pwd={}", "en"),
    ("passwd: {}", "en"),
    ("pass: {}", "en"),
    ("username alice, password {}", "en"),
    ('password: "{}"', "en"),
]


def password_cases(rng: random.Random) -> list[Case]:
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    cases: list[Case] = []
    for i, (frame, _lang) in enumerate(_PASSWORD_FRAMES * 4):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randrange(6, 14)))
        value += rng.choice(["", "!", "@", "#", "2024"]) if i % 3 else ""
        cases.append(Case(frame.format(value), Kind.PASSWORD, value, "password"))
    for frame in ("验证码 {}", "谷歌验证码：{}", "2FA code: {}", "SMS code is {}"):
        value = f"{rng.randrange(10**6):06d}"
        cases.append(Case(frame.format(value), Kind.PASSWORD, value, "code"))
    cases.append(Case("my password is sunshine", Kind.PASSWORD, "sunshine", "password-word"))
    return cases


# Context words, then a real phrase: the relaxed Chinese rule must still catch these.
_ZH_CONTEXT_FRAMES = [
    "我的助记词是{}",
    "客服让我提供助记词，我就发了：{}，然后钱就没了",
    "助记词\n{}\n请帮我看看钱包还在不在",
    "恢复短语：{}",
    "这是我的备份 {} 现在还安全吗",
    "種子短語如下\n{}",
    "助記詞：{}，請幫我查一下",
    "私钥没有给他，但是助记词给了：{}。后来资产全部被转走了",
    "假客服让我把12个单词发给他 {} 我是不是被骗了",
    "我备份的助记词是 {}",
]


def _zh_context_formats(words: list[str], rng: random.Random) -> dict[str, str]:
    return {
        "spaced": " ".join(words),
        "dense": "".join(words),
        "numbered": " ".join(f"{i}.{w}" for i, w in enumerate(words, 1)),
        "numbered-lines": "\n".join(f"{i}. {w}" for i, w in enumerate(words, 1)),
        "comma": "，".join(words),
        "ascii-comma": ", ".join(words),
        "ideographic-comma": "、".join(words),
        "lines": "\n".join(words),
        "grouped-3": " ".join("".join(words[i : i + 3]) for i in range(0, len(words), 3)),
        "grouped-4": " ".join("".join(words[i : i + 4]) for i in range(0, len(words), 4)),
    }


def context_mnemonic_cases(rng: random.Random) -> list[Case]:
    """Chinese phrases (simplified and traditional, every length; whole, one word
    missing, one word wrong) right after a context word, in every format (labels
    start "zh-context-")."""
    cases: list[Case] = []
    for language in ("chinese_simplified", "chinese_traditional"):
        m = Mnemonic(language)
        for i, strength in enumerate((128, 160, 192, 224, 256, 128, 128, 256)):
            words = m.to_mnemonic(rng.randbytes(strength // 8)).split()
            variant = ("whole", "missing", "wrong")[i % 3]
            if variant == "missing":
                del words[rng.randrange(len(words))]
            elif variant == "wrong":
                words[rng.randrange(len(words))] = rng.choice(m.wordlist)
            for name, decorated in _zh_context_formats(words, rng).items():
                phrase = _core(decorated)
                frame = rng.choice(_ZH_CONTEXT_FRAMES)
                label = f"zh-context-{language[8:]}-{len(words)}-{variant}-{name}"
                cases.append(Case(frame.format(phrase), Kind.MNEMONIC, phrase, label))
    return cases


# Context phrases, then a real English phrase: the relaxed English rule (8+ list
# words after a context word) must still catch these.
_EN_CONTEXT_FRAMES = [
    "my seed phrase is: {}",
    "Seed phrase\n{}",
    "Here is my recovery phrase {} please help me get my coins back",
    "The agent asked for my 12 words so I sent them: {}. Was that a mistake?",
    "mnemonic {}",
    "Backup phrase: {}\nthanks",
    "I gave the fake support my secret recovery phrase {} and then my wallet was emptied",
    "These are my 24 words\n{}\nplease check if they are still safe",
    "recovery words - {}",
    "Someone asked for my seed phrase, I typed {} into the form",
]


def _en_context_formats(words: list[str]) -> dict[str, str]:
    return {
        "spaced": " ".join(words),
        "comma": ", ".join(words),
        "lines": "\n".join(words),
        "numbered": " ".join(f"{i}. {w}" for i, w in enumerate(words, 1)),
        "numbered-lines": "\n".join(f"{i}. {w}" for i, w in enumerate(words, 1)),
        "title": " ".join(w.title() for w in words),
        "upper": " ".join(words).upper(),
        # A phone keyboard capitalises the first word (and each line's first word).
        "first-capital": " ".join(words).capitalize(),
        "lines-of-four": "\n".join(
            " ".join(words[i : i + 4]).capitalize() for i in range(0, len(words), 4)
        ),
    }


def en_context_mnemonic_cases(rng: random.Random) -> list[Case]:
    """English phrases (every length; whole, one word missing, one word misspelt by
    one edit, and 8-10 word partial leaks) right after a context word, in every format
    (labels start "en-context-")."""
    m = Mnemonic("english")
    cases: list[Case] = []
    variants = ("whole", "missing", "typo", "partial")
    for i, strength in enumerate((128, 160, 192, 224, 256, 128, 128, 256) * 2):
        words = m.to_mnemonic(rng.randbytes(strength // 8)).split()
        variant = variants[i % len(variants)]
        if variant == "missing":
            del words[rng.randrange(len(words))]
        elif variant == "typo":
            k = rng.randrange(len(words))
            words[k] = _typo(words[k], rng)
        elif variant == "partial":
            words = words[: rng.choice((8, 9, 10))]
        for name, decorated in _en_context_formats(words).items():
            phrase = _core(decorated)
            frame = rng.choice(_EN_CONTEXT_FRAMES)
            label = f"en-context-{len(words)}-{variant}-{name}"
            cases.append(Case(frame.format(phrase), Kind.MNEMONIC, phrase, label))
    return cases


def positives() -> list[Case]:
    rng = random.Random(SEED)
    return (
        mnemonic_cases(rng)
        + key_cases(rng)
        + password_cases(rng)
        + edge_cases(random.Random(SEED + 3))
        + context_mnemonic_cases(random.Random(SEED + 5))
        + en_context_mnemonic_cases(random.Random(SEED + 7))
    )


_ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def long_prose(rng: random.Random, size: int = 100_000, *, context: bool = True) -> str:
    """~``size`` characters of support prose (no secret), as one text. ``context=False``
    leaves out lines holding a seed-phrase context word (before ``shield-2025.3``,
    English prose of 8+ list words after one could read as a phrase)."""
    pool = [line for line in CHINESE + ENGLISH + MIXED if context or not CONTEXT_RE.search(line)]
    lines: list[str] = []
    total = 0
    while total < size:
        line = rng.choice(pool)
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


def edge_cases(rng: random.Random) -> list[Case]:
    """Cases the shield's fast paths could plausibly break (labels start "edge-"):
    secrets at the very start or end of the text with nothing around them, split by
    zero-width characters, in full-width forms, glued to Chinese prose, and alone in
    the middle of 100 KB of prose."""
    cases: list[Case] = []
    zh = Mnemonic("chinese_simplified")
    tw = Mnemonic("chinese_traditional")
    en = Mnemonic("english")
    secrets = {
        "en": en.to_mnemonic(rng.randbytes(16)),
        "zh-spaced": zh.to_mnemonic(rng.randbytes(16)),
        "zh-dense": zh.to_mnemonic(rng.randbytes(16)).replace(" ", ""),
        "tw-dense": tw.to_mnemonic(rng.randbytes(32)).replace(" ", ""),
        "hex": "私钥 " + rng.randbytes(32).hex(),
        "wif": wif(rng.randbytes(32)),
        "password": "密码：Xk9#mQ2v",
        "code": "验证码 482913",
    }
    kinds = {
        "en": Kind.MNEMONIC,
        "zh-spaced": Kind.MNEMONIC,
        "zh-dense": Kind.MNEMONIC,
        "tw-dense": Kind.MNEMONIC,
        "hex": Kind.PRIVATE_KEY,
        "wif": Kind.WIF,
        "password": Kind.PASSWORD,
        "code": Kind.PASSWORD,
    }
    prose = rng.choice(CHINESE)
    for name, text in secrets.items():
        core = _secret_core(name, text)
        kind = kinds[name]
        cases.append(Case(text, kind, core, f"edge-alone-{name}"))
        cases.append(Case(text + prose, kind, core, f"edge-start-{name}"))
        cases.append(Case(prose + text, kind, core, f"edge-end-{name}"))
        # Zero-width characters inside the secret (the offsets are the original's).
        split = list(core)
        for i in sorted(rng.sample(range(1, len(split)), 3), reverse=True):
            split.insert(i, rng.choice(_ZERO_WIDTH))
        hidden = "".join(split)
        cases.append(Case(text.replace(core, hidden), kind, hidden, f"edge-zero-width-{name}"))
        long = long_prose(rng)
        middle = long.index("\n", len(long) // 2)
        cases.append(
            Case(long[:middle] + "\n" + text + long[middle:], kind, core, f"edge-100kb-{name}")
        )
    for name in ("hex", "password", "code", "wif"):
        core = _secret_core(name, secrets[name])
        wide = _full_width(core)
        text = secrets[name].replace(core, wide)
        cases.append(Case(text, kinds[name], wide, f"edge-full-width-{name}"))
    # Chinese phrases glued to prose after a context word, and after a long clause.
    phrase = zh.to_mnemonic(rng.randbytes(16)).replace(" ", "")
    cases.append(Case(f"{prose}，我的助记词是{phrase}", Kind.MNEMONIC, phrase, "edge-zh-glued"))
    return cases


def _secret_core(name: str, text: str) -> str:
    if name == "hex":
        return text.removeprefix("私钥 ")
    if name in ("password", "code"):
        return text.split()[-1].split("：")[-1]
    return text


# --- what must be kept ---------------------------------------------------------

_TX_FRAMES = [
    "交易哈希：{}",
    "交易哈希 {} 一直没有确认",
    "txid: {}",
    "TXID {}",
    "tx hash {}",
    "My transaction {} is stuck",
    "哈希值 {}",
    "交易ID：{}",
    "区块 {} 里找不到我的交易",
    "Hash: {}",
    "{} 是我的交易哈希",
    "https://etherscan.io/tx/{}",
    "https://tronscan.org/#/transaction/{}",
    "https://mempool.space/tx/{}",
    "https://bscscan.com/tx/{}",
    "链接 etherscan.io/tx/{} 请查看",
    "sha256: {}",
    "SHA-256 checksum of kefu.tar.gz is {}",
    "文件校验值 {}",
    "https://example.com/files/{}/download",
]


def keep_cases() -> list[Case]:
    rng = random.Random(SEED + 1)
    cases: list[Case] = []
    for i in range(120):
        value = rng.randbytes(32).hex()
        frame = _TX_FRAMES[i % len(_TX_FRAMES)]
        if i % 3 == 0 and "sha" not in frame.lower() and "校验" not in frame:
            value = "0x" + value
        cases.append(Case(frame.format(value), None, value, "tx-hash"))
    hashes = [rng.randbytes(32).hex() for _ in range(4)]
    cases.append(Case("txids:\n" + "\n".join(hashes), None, hashes[-1], "tx-list"))
    addresses = {
        "btc-p2pkh": lambda: base58_address(rng, 0x00),
        "btc-p2sh": lambda: base58_address(rng, 0x05),
        "btc-bech32": lambda: bech32_address(rng),
        "ltc": lambda: base58_address(rng, 0x30),
        "doge": lambda: base58_address(rng, 0x1E),
        "tron": lambda: base58_address(rng, 0x41),
        "evm": lambda: "0x" + rng.randbytes(20).hex(),
        "solana": lambda: base58.b58encode(rng.randbytes(32)).decode(),
        "xrp": lambda: "r" + base58.b58encode(rng.randbytes(20)).decode()[:33],
        "xpub": lambda: extended_key(rng, "xpub"),
        "zpub": lambda: extended_key(rng, "zpub"),
        "solana-signature": lambda: base58.b58encode(rng.randbytes(64)).decode(),
        "git-sha1": lambda: rng.randbytes(20).hex(),
        "signature-130": lambda: "0x" + rng.randbytes(65).hex(),
        "pubkey-66": lambda: "02" + rng.randbytes(32).hex(),
    }
    frames = ["地址 {}", "send it to {} please", "充值地址是 {}", "{}", "from {} to my wallet"]
    for label, make in addresses.items():
        for i in range(6):
            value = make()
            cases.append(Case(frames[i % len(frames)].format(value), None, value, label))
    for line in CHINESE + ENGLISH + MIXED:
        cases.append(Case(line, None, line, "prose"))
    long = long_prose(random.Random(SEED + 4))
    cases.append(Case(long, None, long, "long-prose"))
    cases.extend(complaint_cases(random.Random(SEED + 6)))
    cases.extend(en_complaint_cases(random.Random(SEED + 8)))
    for text in (
        "我忘记了密码",
        "reset my password",
        "密码错误",
        "密码是不是错了",
        "my password is wrong",
        "the password is incorrect",
        "Password reset link expired",
        "我的登录密码被修改了",
        "请输入支付密码",
        "2FA is enabled on my account",
        "验证码一直收不到",
        "PIN the message please",
    ):
        cases.append(Case(text, None, text, "password-no-value"))
    return cases


def complaint_cases(rng: random.Random) -> list[Case]:
    """Complaints that name a secret (助记词, 私钥, 密码, 恢复短语, 备份 …) and go on in
    ordinary prose (complaints.py), alone and run together as one long text."""
    texts = [
        text.format(tx=rng.randbytes(32).hex(), addr="0x" + rng.randbytes(20).hex())
        for text in COMPLAINTS
    ]
    cases = [Case(text, None, text, "complaint") for text in texts]
    joined = "\n".join(rng.sample(texts, len(texts)))
    cases.append(Case(joined, None, joined, "complaints-joined"))
    return cases


def en_complaint_cases(rng: random.Random) -> list[Case]:
    """English complaints after a context word, dense in list words (complaints_en.py),
    alone and run together as one long text."""
    cases = [Case(text, None, text, "en-complaint") for text in EN_COMPLAINTS]
    joined = "\n".join(rng.sample(EN_COMPLAINTS, len(EN_COMPLAINTS)))
    cases.append(Case(joined, None, joined, "en-complaints-joined"))
    return cases


def mixed_cases() -> list[tuple[str, list[str], list[str]]]:
    """(text, secrets that must go, strings that must stay)."""
    rng = random.Random(SEED + 2)
    out: list[tuple[str, list[str], list[str]]] = []
    for i in range(20):
        tx = rng.randbytes(32).hex()
        key = rng.randbytes(32).hex()
        address = "0x" + rng.randbytes(20).hex()
        words = Mnemonic("english" if i % 2 else "chinese_simplified").to_mnemonic(
            rng.randbytes(16)
        )
        text = (
            f"交易哈希 0x{tx} 从地址 {address} 转出 1,250.50 USDT，订单号 2024061800{i:02d}。"
            f"那个假客服让我发私钥 {key}，还有助记词：{words}。"
        )
        out.append(
            (text, [key, words], ["0x" + tx, address, "1,250.50 USDT", f"2024061800{i:02d}"])
        )
    for _ in range(10):
        tx = rng.randbytes(32).hex()
        value = wif(rng.randbytes(32))
        text = f"My tx https://mempool.space/tx/{tx} failed. The 'agent' asked for my key {value}."
        out.append((text, [value], [f"https://mempool.space/tx/{tx}"]))
    return out


def file_checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
