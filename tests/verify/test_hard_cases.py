"""Exact verdicts for the named hard cases (brief, research/security.md §10). One behaviour per test."""

from __future__ import annotations

import pytest

from kefu.verify import Registry, Status, Verdict


def _en(registry: Registry, value: str) -> Verdict:
    return registry.check(value, lang="en")


# -- official, whatever the user pasted ---------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["bitpie.com", "BITPIE.COM", "bitpie.com.", "www.bitpie.com", "https://bitpie.com/x?y=1#z",
     "http://WWW.Bitpie.com:8443/path", "app.bitpie.com", "https://a.b.bitpie.com/"],
)  # fmt: skip
def test_official_domain_and_its_subdomains_are_official_in_any_spelling(
    registry: Registry, value: str
) -> None:
    verdict = registry.check(value)
    assert verdict.status == Status.OFFICIAL
    assert verdict.platform == "bitpie"
    assert verdict.channel_kind == "website"


def test_normalized_form_drops_scheme_path_case_trailing_dot_and_www(registry: Registry) -> None:
    assert registry.check("https://WWW.Bitpie.COM./x?y=1").normalized == "bitpie.com"


def test_legacy_domain_listed_in_registry_is_official(registry: Registry) -> None:
    verdict = registry.check("okex.com")
    assert (verdict.status, verdict.platform) == (Status.OFFICIAL, "okx")


def test_mirror_domain_listed_in_registry_is_official(registry: Registry) -> None:
    assert registry.check("binance.info").status == Status.OFFICIAL


@pytest.mark.parametrize(
    "value", ["binance.com\u200b", "bin\u00adance.com", "ｂｉｎａｎｃｅ.com", "binance。com"]
)
def test_hidden_and_fullwidth_characters_normalise_to_official(
    registry: Registry, value: str
) -> None:
    assert registry.check(value).status == Status.OFFICIAL


def test_hidden_characters_are_still_reported_in_the_reasons(registry: Registry) -> None:
    verdict = _en(registry, "binance.com\u200b")
    assert any("U+200B" in r for r in verdict.reasons)


def test_official_url_with_a_redirect_parameter_warns_about_the_target(registry: Registry) -> None:
    verdict = _en(registry, "https://www.binance.com/en/redirect?url=https://evil.io/")
    assert verdict.status == Status.OFFICIAL
    assert any("redirect" in r for r in verdict.reasons)


def test_official_host_with_user_content_path_is_official(registry: Registry) -> None:
    assert (
        registry.check("https://www.binance.com/en/square/post/1226065").status == Status.OFFICIAL
    )


# -- e-mail ---------------------------------------------------------------------------


def test_email_on_official_domain_is_official_with_spoofing_caveat(registry: Registry) -> None:
    verdict = _en(registry, "support@bitpie.com")
    assert (verdict.status, verdict.channel_kind) == (Status.OFFICIAL, "email")
    assert any("spoofed" in r for r in verdict.reasons)


def test_email_domain_decides_not_the_local_part(registry: Registry) -> None:
    verdict = registry.check("support@blnance.com")
    assert verdict.status == Status.IMPERSONATION
    assert "homoglyph" in verdict.techniques


@pytest.mark.parametrize(
    ("value", "platform"), [("binance.support@gmail.com", "binance"), ("okx-kefu@qq.com", "okx")]
)
def test_brand_in_local_part_of_free_mail_is_impersonation(
    registry: Registry, value: str, platform: str
) -> None:
    verdict = registry.check(value)
    assert (verdict.status, verdict.platform) == (Status.IMPERSONATION, platform)
    assert "free_mail" in verdict.techniques


def test_plain_free_mail_address_is_unknown_with_spoofing_caveat(registry: Registry) -> None:
    verdict = _en(registry, "alice@gmail.com")
    assert verdict.status == Status.UNKNOWN
    assert any("spoofed" in r for r in verdict.reasons)


# -- handles ----------------------------------------------------------------------------


def test_ambiguous_at_handle_is_checked_as_telegram_and_x(registry: Registry) -> None:
    verdict = registry.check("@BitpieWallet")
    assert (verdict.status, verdict.channel_kind) == (Status.OFFICIAL, "twitter")
    assert registry.check("@bitpie_official").channel_kind == "telegram"


@pytest.mark.parametrize(
    "value", ["https://t.me/bitpie_official", "telegram.me/bitpie_official", "t.me/s/bitpie_official",
              "tg://resolve?domain=bitpie_official", "TG: @bitpie_official"],
)  # fmt: skip
def test_telegram_links_resolve_to_the_account(registry: Registry, value: str) -> None:
    verdict = registry.check(value)
    assert (verdict.status, verdict.channel_kind) == (Status.OFFICIAL, "telegram")


@pytest.mark.parametrize(
    "value", ["https://x.com/BitpieWallet", "twitter.com/bitpiewallet/status/1"]
)
def test_x_links_resolve_to_the_account(registry: Registry, value: str) -> None:
    verdict = registry.check(value)
    assert (verdict.status, verdict.channel_kind) == (Status.OFFICIAL, "twitter")


def test_official_handle_on_the_wrong_service_is_not_official(registry: Registry) -> None:
    assert registry.check("https://t.me/BitpieWallet").status == Status.IMPERSONATION


@pytest.mark.parametrize(
    ("value", "technique"),
    [("@bitpie_0fficial", "handle_lookalike"), ("@Binance_Support_Help", "brand_in_handle"),
     ("@BinanceHelpDesk", "brand_in_handle"), ("t.me/binance_support", "brand_in_handle"),
     ("@Binance_CS1", "brand_in_handle"), ("@blnance", "handle_lookalike"),
     ("@okx_kefu", "brand_in_handle"), ("@OKXCustomerCare", "brand_in_handle")],
)  # fmt: skip
def test_brand_bearing_or_lookalike_handles_are_impersonation(
    registry: Registry, value: str, technique: str
) -> None:
    verdict = registry.check(value)
    assert verdict.status == Status.IMPERSONATION
    assert technique in verdict.techniques


def test_digits_in_a_fake_support_handle_are_called_out(registry: Registry) -> None:
    assert any("digits" in r for r in _en(registry, "@Binance_CS1").reasons)


def test_display_name_with_check_mark_is_not_identity(registry: Registry) -> None:
    verdict = registry.check("Binance Support ✅")
    assert verdict.status == Status.UNKNOWN


def test_unrelated_handle_is_unknown(registry: Registry) -> None:
    assert registry.check("@alice_w").status == Status.UNKNOWN


# -- phones and WeChat --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["+86 400 888 6666", "400-888-6666", "4008886666", "+864008886666"]
)
def test_official_phone_matches_in_any_format(registry: Registry, value: str) -> None:
    verdict = registry.check(value)
    assert (verdict.status, verdict.platform, verdict.channel_kind) == (
        Status.OFFICIAL, "bitpie", "phone",
    )  # fmt: skip


def test_official_phone_still_warns_that_caller_id_can_be_spoofed(registry: Registry) -> None:
    assert any("spoofed" in r for r in _en(registry, "+86 400 888 6666").reasons)


def test_number_presented_with_a_brand_is_not_an_official_number(registry: Registry) -> None:
    verdict = _en(registry, "bitpie 客服 +86 400 123 4567")
    assert (verdict.status, verdict.platform) == (Status.IMPERSONATION, "bitpie")
    assert "unofficial_phone" in verdict.techniques
    assert any("not an official number of Bitpie" in r for r in verdict.reasons)


def test_chinese_brand_name_next_to_a_number_counts(registry: Registry) -> None:
    assert registry.check("比特派客服电话 13800138000").platform == "bitpie"


def test_bare_unknown_number_is_unknown(registry: Registry) -> None:
    verdict = registry.check("13800138000")
    assert (verdict.status, verdict.normalized) == (Status.UNKNOWN, "+8613800138000")


def test_one_digit_off_an_official_number_is_impersonation(registry: Registry) -> None:
    assert registry.check("+86 400 888 6667").status == Status.IMPERSONATION


@pytest.mark.parametrize("value", ["wechat:bitpie_kefu", "微信号 bitpie_kefu", "微信：BITPIE_KEFU"])
def test_official_wechat_id_is_official(registry: Registry, value: str) -> None:
    verdict = registry.check(value)
    assert (verdict.status, verdict.channel_kind) == (Status.OFFICIAL, "wechat")


def test_brand_bearing_wechat_id_is_impersonation(registry: Registry) -> None:
    verdict = registry.check("微信号 bitpie_vip888")
    assert (verdict.status, verdict.platform) == (Status.IMPERSONATION, "bitpie")


# -- domain impersonation techniques ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "technique"),
    [("b1tpie.com", "homoglyph"), ("bltpie.com", "homoglyph"), ("rnetamask.io", "homoglyph"),
     ("bitpie.net", "other_tld"), ("binance.com.cn", "other_tld"), ("bitpie-support.com", "combo_squat"),
     ("support-binance.help", "combo_squat"), ("binanceverify.cn", "combo_squat"),
     ("binance-login.com", "combo_squat"), ("bitpie.com.verify-wallet.io", "subdomain_trick"),
     ("okx.login-secure.ru", "subdomain_trick"), ("https://bitpie.com@evil.io/x", "userinfo_trick"),
     ("bitpje.com", "typosquat"), ("bitpme.com", "bitsquat"), ("bit-pie.com", "hyphenation"),
     ("xn--bnance-pvf.com", "punycode"), ("metamask.pages.dev", "other_tld"),
     ("https://evil.io/binance.com/", "path_trick")],
)  # fmt: skip
def test_lookalike_domains_are_impersonation_with_the_technique(
    registry: Registry, value: str, technique: str
) -> None:
    verdict = registry.check(value)
    assert verdict.status == Status.IMPERSONATION, verdict
    assert technique in verdict.techniques, verdict.techniques


def test_userinfo_trick_names_the_real_host(registry: Registry) -> None:
    verdict = _en(registry, "https://bitpie.com@evil.io/x")
    assert verdict.normalized == "evil.io"
    assert any("actually opens evil.io" in r for r in verdict.reasons)


def test_digit_one_for_letter_i_is_described_in_chinese(registry: Registry) -> None:
    assert "此域名模仿 bitpie.com：字母 i 被替换为数字 1。" in registry.check("b1tpie.com").reasons


def test_digit_one_for_letter_i_is_described_in_english(registry: Registry) -> None:
    reasons = _en(registry, "b1tpie.com").reasons
    assert "This domain imitates bitpie.com: the letter i was replaced by the digit 1." in reasons


def test_other_suffix_is_described_with_the_suffix(registry: Registry) -> None:
    assert (
        "此域名使用了与 bitpie.com 相同的名称，但后缀不同（.net）。"
        in registry.check("bitpie.net").reasons
    )


def test_subdomain_trick_is_described_with_the_real_domain(registry: Registry) -> None:
    reasons = " ".join(_en(registry, "bitpie.com.verify-wallet.io").reasons)
    assert "bitpie.com is used as a subdomain of verify-wallet.io" in reasons


def test_punycode_reason_shows_decoded_form_and_mixed_scripts(registry: Registry) -> None:
    reasons = " ".join(_en(registry, "xn--bnance-pvf.com").reasons)
    assert "bіnance.com" in reasons
    assert "Latin and Cyrillic" in reasons
    assert "Cyrillic letter і (U+0456)" in reasons


def test_punycode_and_unicode_forms_get_the_same_verdict(registry: Registry) -> None:
    a, b = registry.check("xn--bnance-pvf.com"), registry.check("bіnance.com")
    assert (a.status, a.platform, a.techniques, a.normalized) == (
        b.status, b.platform, b.techniques, b.normalized,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "platform"), [("ьуьіт.com", "bybit"), ("мехс.com", "mexc"), ("ΟΚΧ.com", "okx")]
)
def test_whole_script_cyrillic_and_greek_lookalikes_are_caught(
    registry: Registry, value: str, platform: str
) -> None:
    verdict = registry.check(value)
    assert (verdict.status, verdict.platform) == (Status.IMPERSONATION, platform)


@pytest.mark.parametrize(
    "value",
    ["login.blnance.com", "blnance.co.uk", "login-binance.github.io", "okx.pages.dev", "binance.web.app",
     "binance.com.evil.io", "binancecom-login.net", "www-binance.com", "https://binance.com@evil.io/",
     "wallet.krakken.com", "metamask-io.com", "binance-com.net", "wwwbinance.com", "kraken.com.ru"],
)  # fmt: skip
def test_research_hard_cases_are_flagged(registry: Registry, value: str) -> None:
    assert registry.check(value).status == Status.IMPERSONATION


def test_unregistered_suffix_of_a_brand_is_flagged_because_only_the_registry_decides(
    registry: Registry,
) -> None:
    assert registry.check("binance.net").status == Status.IMPERSONATION


def test_fuzzy_match_is_looks_like_never_reported(registry: Registry) -> None:
    verdict = _en(registry, "metamusk.io")
    assert verdict.status == Status.IMPERSONATION
    assert not any("Confirmed as a scam" in r for r in verdict.reasons)


# -- no false alarms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["box.com", "fox.com", "x.com", "ok.com", "ox.com", "oka.io", "hex.com"]
)
def test_short_brand_neighbours_are_not_flagged(registry: Registry, value: str) -> None:
    assert registry.check(value).status == Status.UNKNOWN


def test_another_registered_brand_is_its_own_official_channel(registry: Registry) -> None:
    verdict = registry.check("bitpay.com")
    assert (verdict.status, verdict.platform) == (Status.OFFICIAL, "bitpay")


@pytest.mark.parametrize(
    "value",
    ["etherscan.io", "bscscan.com", "tronscan.org", "mempool.space", "blockchair.com", "solscan.io",
     "google.com", "github.com", "apple.com", "microsoft.com", "t.me", "telegram.org", "baidu.com",
     "qq.com", "weixin.qq.com", "zhihu.com", "https://etherscan.io/address/0xabc"],
)  # fmt: skip
def test_allowlisted_sites_are_never_flagged(registry: Registry, value: str) -> None:
    assert registry.check(value).status == Status.UNKNOWN


def test_private_suffix_host_of_an_unrelated_site_is_unknown(registry: Registry) -> None:
    assert registry.check("foo.africa.com").status == Status.UNKNOWN


def test_common_word_brand_is_not_flagged_without_a_support_keyword(registry: Registry) -> None:
    assert registry.check("ledgerinsights.com").status == Status.UNKNOWN
    assert registry.check("ledger-support.com").status == Status.IMPERSONATION


def test_generic_word_of_an_official_domain_is_not_a_brand(registry: Registry) -> None:
    assert registry.check("token.com").status == Status.UNKNOWN
    assert registry.check("crypto-news.com").status == Status.UNKNOWN


# -- reported and garbage ---------------------------------------------------------------------


def test_reported_domain_is_reported_with_the_confirmation_reason(registry: Registry) -> None:
    verdict = registry.check("https://login.bitpie-refund.com/")
    assert (verdict.status, verdict.platform) == (Status.REPORTED, "bitpie")
    assert "已被确认为冒充比特派的诈骗渠道。" in verdict.reasons


def test_reported_handle_and_phone_are_reported(registry: Registry) -> None:
    assert registry.check("@bitpie_helpdesk").status == Status.REPORTED
    assert registry.check("+86 171 0000 1234").status == Status.REPORTED


def test_reported_telegram_link_blocks_the_account_not_telegram() -> None:
    reg = Registry.from_records(
        platforms=[
            {"slug": "p", "name": "P", "channels": [{"kind": "website", "value": "p-wallet.com"}]}
        ],
        reported=[{"kind": "website", "value": "https://t.me/scam_account", "platform": "p"}],
    )
    assert reg.check("t.me/scam_account").status == Status.REPORTED
    assert reg.check("t.me").status == Status.UNKNOWN
    assert reg.check("t.me/someone_else").status == Status.UNKNOWN


@pytest.mark.parametrize(
    "value", ["", "   ", "!!!", "???", "a" * 5000, "http://", "@", "..", "\x00\x01"]
)
def test_garbage_is_unknown_with_a_reason(registry: Registry, value: str) -> None:
    verdict = registry.check(value)
    assert verdict.status == Status.UNKNOWN
    assert verdict.reasons


def test_ip_address_is_unknown_with_a_warning(registry: Registry) -> None:
    verdict = _en(registry, "http://192.168.1.1/login")
    assert verdict.status == Status.UNKNOWN
    assert any("IP address" in r for r in verdict.reasons)


def test_unknown_verdict_says_unknown_is_not_safe(registry: Registry) -> None:
    assert any("does not make it safe" in r for r in _en(registry, "example-shop.com").reasons)


def test_reasons_come_in_english_when_asked(registry: Registry) -> None:
    assert (
        _en(registry, "bitpie.com").reasons[0]
        == "bitpie.com belongs to Bitpie's official domain bitpie.com."
    )
    assert registry.check("bitpie.com").reasons[0] == "bitpie.com 属于比特派的官方域名 bitpie.com。"


def test_verdict_to_dict_is_json_serialisable(registry: Registry) -> None:
    import json

    data = registry.check("b1tpie.com").to_dict()
    assert json.loads(json.dumps(data))["status"] == "impersonation"
    assert data["techniques"] == ["homoglyph"]
