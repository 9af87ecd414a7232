"""Offline test corpus: dnstwist-style permutations of the fixture registry, plus negatives.

Written for these tests (no dnstwist dependency). Deterministic: a fixed seed.
Used by tests/verify/test_corpus.py and bench/bench_verify.py.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

FIXTURE = Path(__file__).with_name("fixture_registry.json")

QWERTY = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
ASCII_GLYPHS = {"o": ["0"], "l": ["1", "i"], "i": ["1", "l"], "m": ["rn"], "w": ["vv"], "d": ["cl"]}
UNICODE_GLYPHS = {
    "a": ["а", "à", "á", "ɑ"], "b": ["Ь", "ḃ"], "c": ["с", "ç"], "d": ["ԁ", "ď"],
    "e": ["е", "é", "ė"], "g": ["ɡ", "ġ"], "h": ["һ"], "i": ["і", "í", "ı"], "j": ["ј"],
    "k": ["κ", "ķ"], "l": ["ӏ", "ł"], "m": ["м"], "n": ["ո", "ñ"], "o": ["о", "ο", "ó", "ö"],
    "p": ["р", "ρ"], "q": ["ԛ"], "r": ["г"], "s": ["ѕ", "ś"], "t": ["т"], "u": ["υ", "ü"],
    "v": ["ν"], "w": ["ԝ"], "x": ["х"], "y": ["у", "ý"], "z": ["ż"],
}  # fmt: skip
AFFIXES = ["support", "help", "verify", "login", "kefu", "service", "official", "secure", "wallet"]
STRONG = ["support", "help", "verify", "login", "kefu", "official"]
OTHER_TLDS = ["net", "org", "co", "io", "cn", "com.cn", "xyz", "app", "top", "vip", "co.uk", "info"]
EVIL = ["verify-wallet.io", "secure-login.ru", "account-check.xyz", "help-center.top"]
SHORT_OR_COMMON = {"okx", "htx", "mexc", "gate", "token", "ledger", "crypto"}
VERY_GENERIC_NAMES = {"token", "crypto"}


def keyboard_neighbours(ch: str) -> list[str]:
    for r, row in enumerate(QWERTY):
        c = row.find(ch)
        if c < 0:
            continue
        out = []
        for r2 in (r - 1, r, r + 1):
            if 0 <= r2 < len(QWERTY):
                for c2 in (c - 1, c, c + 1):
                    if 0 <= c2 < len(QWERTY[r2]) and QWERTY[r2][c2] != ch:
                        out.append(QWERTY[r2][c2])
        return out
    return []


@dataclass(frozen=True)
class Case:
    value: str
    positive: bool
    family: str
    platform: str | None = None


def load_fixture() -> dict:
    return json.loads(FIXTURE.read_text("utf-8"))


def official_domains(data: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in data["platforms"]:
        for ch in p["channels"]:
            if ch["kind"] == "website":
                host = ch["value"].split("//")[-1].split("/")[0].lower()
                out[host] = p["slug"]
    return out


def official_handles(data: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in data["platforms"]:
        for ch in p["channels"]:
            if ch["kind"] in {"telegram", "twitter"}:
                out[ch["value"].rstrip("/").rsplit("/", 1)[-1].lstrip("@").lower()] = p["slug"]
    return out


def edits(name: str, rng: random.Random) -> dict[str, list[str]]:
    """Single-edit permutations of ``name`` by family."""
    fam: dict[str, list[str]] = {k: [] for k in
                                 ("omission", "insertion", "replacement", "transposition",
                                  "repetition", "bitsquat", "homoglyph_ascii", "hyphenation")}  # fmt: skip
    for i in range(len(name)):
        fam["omission"].append(name[:i] + name[i + 1 :])
        fam["repetition"].append(name[:i] + name[i] + name[i:])
        for nb in keyboard_neighbours(name[i])[:3]:
            fam["replacement"].append(name[:i] + nb + name[i + 1 :])
            fam["insertion"].append(name[:i] + nb + name[i:])
        if i + 1 < len(name) and name[i] != name[i + 1]:
            fam["transposition"].append(name[:i] + name[i + 1] + name[i] + name[i + 2 :])
        for bit in range(8):
            flipped = chr(ord(name[i]) ^ (1 << bit))
            if flipped.isascii() and (flipped.isalnum() and flipped.islower() or flipped.isdigit()):
                fam["bitsquat"].append(name[:i] + flipped + name[i + 1 :])
        for glyph in ASCII_GLYPHS.get(name[i], []):
            fam["homoglyph_ascii"].append(name[:i] + glyph + name[i + 1 :])
        if 0 < i < len(name):
            fam["hyphenation"].append(name[:i] + "-" + name[i:])
    for key, values in fam.items():
        uniq = sorted({v for v in values if v and v != name})
        rng.shuffle(uniq)
        fam[key] = uniq[:4]
    return fam


def unicode_homoglyphs(name: str, rng: random.Random, n: int = 4) -> list[str]:
    out = set()
    positions = [i for i, c in enumerate(name) if c in UNICODE_GLYPHS]
    for _ in range(n * 3):
        if not positions:
            break
        i = rng.choice(positions)
        out.add(name[:i] + rng.choice(UNICODE_GLYPHS[name[i]]) + name[i + 1 :])
        if len(out) >= n:
            break
    whole = "".join(UNICODE_GLYPHS[c][0] if c in UNICODE_GLYPHS else c for c in name)
    if whole != name:
        out.add(whole)
    return sorted(out)


def domain_positives(data: dict, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    officials = official_domains(data)
    cases: list[Case] = []
    for domain, slug in officials.items():
        name, _, suffix = domain.partition(".")
        short = name in SHORT_OR_COMMON or len(name) <= 4

        def add(value: str, family: str, _slug: str = slug) -> None:
            host = value.split("//")[-1].split("/")[0].split("@")[-1].lower()
            if any(host == d or host.endswith("." + d) for d in officials):
                return
            cases.append(Case(value, True, family, _slug))

        if not short:
            for family, variants in edits(name, rng).items():
                for v in variants:
                    add(f"{v}.{suffix}", family)
            # typo plus a subdomain (defeats whole-host Levenshtein)
            typo = edits(name, rng)["replacement"][0]
            add(f"login.{typo}.{suffix}", "typo_subdomain")
        for v in edits(name, rng)["homoglyph_ascii"][:2]:
            add(f"{v}.{suffix}", "homoglyph_ascii")
        for v in unicode_homoglyphs(name, rng):
            add(f"{v}.{suffix}", "homoglyph_unicode")
            try:
                add(f"{v}.{suffix}".encode("idna").decode("ascii"), "punycode")
            except UnicodeError:
                pass
        if not short or name in {"okx", "htx", "mexc", "ledger", "gate"}:
            for tld in rng.sample(OTHER_TLDS, 3):
                add(f"{name}.{tld}", "other_tld")
        if name in VERY_GENERIC_NAMES:
            # "crypto-support.com" is not attributed to Crypto.com by design; the joined
            # official domain is ("cryptocom-support.com").
            joined = name + suffix.replace(".", "")
            for word in rng.sample(STRONG, 3):
                add(f"{joined}-{word}.com", "affix_joined")
                add(f"{word}-{joined}.net", "affix_joined")
            add(f"https://{domain}@{rng.choice(EVIL)}/login", "userinfo_trick")
            for evil in rng.sample(EVIL, 2):
                add(f"{domain}.{evil}", "subdomain_trick")
            continue
        words = STRONG if short else AFFIXES
        for word in rng.sample(words, 3):
            add(f"{name}-{word}.com", "affix_suffix")
            add(f"{word}-{name}.{rng.choice(['com', 'help', 'net'])}", "affix_prefix")
            if not short:
                add(f"{name}{word}.cn", "affix_glued")
        add(f"www-{name}.com", "affix_www")
        for evil in rng.sample(EVIL, 2):
            add(f"{domain}.{evil}", "subdomain_trick")
        if name not in SHORT_OR_COMMON:
            add(f"{name}.{rng.choice(EVIL)}", "subdomain_brand")
        add(f"https://{domain}@{rng.choice(EVIL)}/login", "userinfo_trick")
        add(f"https://{domain}.{rng.choice(EVIL)}/{name}", "subdomain_trick")
    return cases


def handle_positives(data: dict, seed: int = 11) -> list[Case]:
    rng = random.Random(seed)
    handles = official_handles(data)
    cases: list[Case] = []
    for handle, slug in handles.items():
        variants: set[str] = set()
        for i, c in enumerate(handle):
            for glyph in ASCII_GLYPHS.get(c, []):
                variants.add(handle[:i] + glyph + handle[i + 1 :])
        if len(handle) >= 6:
            fam = edits(handle, rng)
            for key in ("omission", "transposition", "replacement", "repetition"):
                variants.update(v for v in fam[key][:2] if "-" not in v)
        for word in rng.sample(
            ["support", "help", "cs", "kefu", "admin", "service", "official"], 3
        ):
            variants.add(f"{handle}_{word}")
        variants.add(f"{handle}_{rng.randint(1, 99)}")
        variants.discard(handle)
        for v in sorted(variants):
            if v in handles:
                continue
            prefix = rng.choice(["@", "https://t.me/", "https://x.com/"])
            cases.append(Case(prefix + v, True, "handle", slug))
    brand_handles = [
        ("@bitpie_0fficial", "bitpie"), ("@Binance_Support_Help", "binance"),
        ("@BinanceHelpDesk", "binance"), ("@okx_kefu", "okx"), ("@OKXCustomerCare", "okx"),
        ("@metamask_support1", "metamask"), ("@krakensupport", "kraken"),
        ("@coinbase_help_desk", "coinbase"), ("@htx_service", "htx"), ("@mexc_cs", "mexc"),
        ("@Bybit_Help", "bybit"), ("@kucoin_refund", "kucoin"), ("@ledger_support", "ledger"),
        ("@imtoken_kefu", "imtoken"), ("@trustwallet_help", "trustwallet"),
        ("t.me/binance_support", "binance"), ("@Binance_CS1", "binance"), ("@blnance", "binance"),
    ]  # fmt: skip
    cases += [Case(v, True, "brand_handle", s) for v, s in brand_handles]
    return cases


def other_positives() -> list[Case]:
    return [
        Case("bitpie 客服 +86 400 123 4567", True, "phone_brand", "bitpie"),
        Case("币安客服电话 +1 415 555 0199", True, "phone_brand", "binance"),
        Case("+86 400 888 6667", True, "phone_near", "bitpie"),
        Case("wechat:bitpie_vip", True, "wechat", "bitpie"),
        Case("微信号 binance-kefu", True, "wechat", "binance"),
        Case("binance.support@gmail.com", True, "email_free", "binance"),
        Case("okx-kefu@qq.com", True, "email_free", "okx"),
        Case("support@blnance.com", True, "email_domain", "binance"),
        Case("help@bitpie-support.com", True, "email_domain", "bitpie"),
    ]


COMMON_DOMAINS = """
amazon.com apple.com bing.com wikipedia.org yahoo.com netflix.com adobe.com salesforce.com
oracle.com ibm.com intel.com nvidia.com samsung.com sony.com huawei.com xiaomi.com lenovo.com
dell.com hp.com cisco.com vmware.com shopify.com ebay.com etsy.com walmart.com target.com
bestbuy.com costco.com nike.com adidas.com zara.com ikea.com booking.com airbnb.com expedia.com
tripadvisor.com uber.com lyft.com doordash.com spotify.com soundcloud.com twitch.tv vimeo.com
imdb.com espn.com bbc.co.uk theguardian.com reuters.com bloomberg.com ft.com wsj.com
economist.com forbes.com cnbc.com techcrunch.com wired.com theverge.com arstechnica.com
stackexchange.com quora.com pinterest.com tumblr.com wordpress.com blogger.com wix.com
squarespace.com godaddy.com namecheap.com digitalocean.com heroku.com vercel.com netlify.com
bitcoin.org bitfinex.com bitstamp.net bitflyer.com bithumb.com bitbank.cc bitmex.com bitpanda.com
binary.com finance.yahoo.com kraft.com krakow.pl okcupid.com htc.com bitmart.com poloniex.com
gemini.com robinhood.com etoro.com revolut.com wise.com stripe.com square.com cash.app
chase.com wellsfargo.com citi.com hsbc.com icbc.com.cn ccb.com boc.cn abchina.com cmbchina.com
ctrip.com meituan.com dianping.com pinduoduo.com xiaohongshu.com kuaishou.com iqiyi.com
youku.com 360.cn sogou.com ifeng.com people.com.cn xinhuanet.com chinadaily.com.cn
gov.cn edu.cn tsinghua.edu.cn pku.edu.cn mit.edu stanford.edu harvard.edu ox.ac.uk
metal.com vault.com pie.com bit.ly tinyurl.com coin.dance
bitcoinmagazine.com cointelegraph.com coindesk.com theblock.co decrypt.co messari.io
chainalysis.com elliptic.co opensea.io rarible.com lido.fi aave.com compound.finance
curve.fi sushi.com pancakeswap.finance 1inch.io paraswap.io zapper.xyz zerion.io debank.com
rabby.io rainbow.me argent.xyz safe.global gnosis.io walletconnect.com infura.io alchemy.com
""".split()

PLAIN_WORDS = [
    "hello", "wallet", "support", "customer service", "help me", "我的钱包被盗了", "客服在哪里",
    "token", "crypto", "okay", "bitcoin", "ethereum", "usdt", "转账失败", "how do I withdraw",
    "12345", "asdfgh", "password", "my seed phrase", "refund please",
]  # fmt: skip

HANDLES = [
    "@alice_w", "@john_doe", "@cryptonews", "@web3builder", "@satoshi", "@vitalikbuterin",
    "@elonmusk", "@github", "@pythonorg", "@bitcoin", "@ethereum", "@coindesk", "@cointelegraph",
    "@okcupid", "@boxhq", "@foxnews", "@bitpanda", "@bitstamp", "@bitfinex", "@geminihq",
    "https://t.me/durov", "https://x.com/jack", "t.me/telegram", "@tokenterminal", "@cryptoquant_com",
]  # fmt: skip


def negatives(data: dict, seed: int = 3) -> list[Case]:
    from kefu.verify.wordlists import ALLOWLIST

    rng = random.Random(seed)
    cases: list[Case] = []
    officials = official_domains(data)
    for domain in officials:
        cases.append(Case(domain, False, "official_other_brand"))
        cases.append(Case(f"https://www.{domain}/en/support?x=1", False, "official_other_brand"))
    for domain in sorted(ALLOWLIST):
        cases.append(Case(domain, False, "allowlist"))
    for domain in COMMON_DOMAINS:
        cases.append(Case(domain, False, "common_domain"))
    try:
        from mnemonic import Mnemonic

        words = Mnemonic("english").wordlist
    except ImportError:  # pragma: no cover
        words = []
    for word in rng.sample(words, min(600, len(words))):
        tld = rng.choice(["com", "net", "org", "io", "cn"])
        if f"{word}.{tld}" not in officials:
            cases.append(Case(f"{word}.{tld}", False, "word_domain"))
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(300):
        name = "".join(rng.choice(letters) for _ in range(rng.randint(5, 11)))
        cases.append(
            Case(f"{name}.{rng.choice(['com', 'net', 'xyz', 'cn'])}", False, "random_domain")
        )
    cases += [Case(w, False, "plain_word") for w in PLAIN_WORDS]
    cases += [Case(h, False, "handle") for h in HANDLES]
    for _ in range(40):
        number = "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))
        cases.append(Case(number, False, "phone"))
    for mail in ["alice@gmail.com", "zhang.san@qq.com", "bob@company.com", "li@163.com",
                 "noreply@github.com", "team@stripe.com"]:  # fmt: skip
        cases.append(Case(mail, False, "email"))
    return cases


def all_cases() -> list[Case]:
    data = load_fixture()
    return domain_positives(data) + handle_positives(data) + other_positives() + negatives(data)


def domain_cases() -> list[Case]:
    """Cases that are plain host names (for the eth-phishing-detect comparison)."""
    out = []
    for case in all_cases():
        v = case.value
        if "/" in v or "@" in v or " " in v or "." not in v:
            continue
        out.append(case)
    return out
