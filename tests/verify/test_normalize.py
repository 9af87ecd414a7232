"""Parsing, suffix lookup and skeletons."""

from __future__ import annotations

import random

import pytest
import tldextract

from kefu.verify.normalize import parse, parse_phone
from kefu.verify.psl import bundled
from kefu.verify.similarity import FuzzyIndex, describe
from kefu.verify.skeleton import skeleton


def test_suffix_lookup_agrees_with_tldextract_bundled_snapshot() -> None:
    psl = bundled()
    ref = tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )
    rng = random.Random(5)
    rules = sorted(psl.rules | {f"x.{w}" for w in psl.wildcards})
    hosts = [f"{rng.choice(['a', 'www.b', 'c.d'])}.{rng.choice(rules)}" for _ in range(3000)]
    hosts += ["a.b.binance.com.cn", "okx.com.ru", "city.kawasaki.jp", "a.www.ck", "x.foo.bd",
              "login-binance.github.io", "blnance.co.uk", "foo.africa.com", "b.br.com"]  # fmt: skip
    for host in hosts:
        labels = host.split(".")
        mine = ".".join(labels[-psl.suffix_length(labels) :])
        assert mine == ref(host).suffix, host


@pytest.mark.parametrize(
    ("text", "registrable"),
    [("login-binance.github.io", "login-binance.github.io"), ("okx.pages.dev", "okx.pages.dev"),
     ("a.b.c.okx.com.ru", "okx.com.ru"), ("blnance.co.uk", "blnance.co.uk")],
)  # fmt: skip
def test_private_suffixes_make_the_tenant_the_registrant(text: str, registrable: str) -> None:
    host = parse(text, bundled()).host
    assert host is not None
    assert host.registrable == registrable


def test_userinfo_is_split_off_the_host() -> None:
    parsed = parse("https://bitpie.com@evil.io:8443/x", bundled())
    assert (parsed.userinfo, parsed.normalized) == ("bitpie.com", "evil.io")


def test_unicode_host_is_punycoded_and_keeps_its_display_form() -> None:
    host = parse("bіnance.com", bundled()).host
    assert host is not None
    assert (host.ascii, host.unicode, host.is_idn) == ("xn--bnance-pvf.com", "bіnance.com", True)


def test_invisible_characters_are_recorded() -> None:
    assert parse("bin\u200bance.com", bundled()).hidden == ("U+200B",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("@abc_def", "handle"), ("t.me/abcdef", "telegram"), ("x.com/abcdef", "twitter"),
     ("wechat:abc123", "wechat"), ("微信号 abc123", "wechat"), ("a@b.com", "email"),
     ("+86 138 0013 8000", "phone"), ("abc.com", "website"), ("app:com.abc.wallet", "app"),
     ("hello", "word"), ("币安", "name"), ("!!!", "garbage")],
)  # fmt: skip
def test_input_kinds_are_recognised(text: str, kind: str) -> None:
    assert parse(text, bundled()).kind == kind


@pytest.mark.parametrize(
    ("text", "e164"),
    [("13800138000", "+8613800138000"), ("+86 400-888-6666", "+864008886666"),
     ("12", None), ("+1 415 555 0100", "+14155550100"), ("0086 138 0013 8000", "+8613800138000")],
)  # fmt: skip
def test_phone_numbers_normalise_to_e164_with_default_region_cn(
    text: str, e164: str | None
) -> None:
    assert parse_phone(text) == e164


@pytest.mark.parametrize(
    ("a", "b"),
    [("binance", "bіnance"), ("binance", "b1nance"), ("metamask", "rnetamask"), ("bybit", "ьуьіт"),
     ("mexc", "мехс"), ("okx", "0kx"), ("wallet", "vvallet"), ("dex", "clex"), ("okx", "ΟΚΧ")],
)  # fmt: skip
def test_lookalikes_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_fuzzy_index_respects_the_length_budgets() -> None:
    index = FuzzyIndex(["okx", "bitpie", "tokenpocket"])
    assert index.lookup("box") == []
    assert index.lookup("bitpxe") == [("bitpie", 1)]
    assert index.lookup("bitpxx") == []
    assert index.lookup("tokenpockxx") == [("tokenpocket", 2)]
    assert index.lookup("tokxnpockxt") == [("tokenpocket", 2)]


def test_describe_names_a_swap() -> None:
    (change,) = describe("bitipe", "bitpie")
    assert (change.op, change.a, change.b) == ("swap", "p", "i")
