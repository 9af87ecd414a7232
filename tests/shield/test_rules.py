"""One test per behaviour of ``redact``."""

from __future__ import annotations

import json
import random
from collections.abc import Callable

import pytest
from mnemonic import Mnemonic

from kefu.shield import DETECTOR_VERSION, Finding, Kind, placeholder, redact

from .corpus import extended_key, keystore_json, wif

RNG = random.Random(99)
KEY = RNG.randbytes(32).hex()
WORDS_EN = Mnemonic("english").to_mnemonic(RNG.randbytes(16))
WORDS_ZH = Mnemonic("chinese_simplified").to_mnemonic(RNG.randbytes(16))


def test_placeholders_speak_the_readers_language() -> None:
    assert redact(f"私钥 {KEY}").text == "私钥 [已隐藏：私钥]"
    assert redact(f"private key {KEY}", lang="en").text == "private key [hidden: private key]"
    assert redact(WORDS_EN).text == "[已隐藏：助记词]"
    assert redact(WORDS_EN, lang="en").text == "[hidden: seed phrase]"
    for kind in Kind:
        assert placeholder(kind, "en").startswith("[hidden: ")
        assert placeholder(kind, "zh-Hans").startswith("[已隐藏：")


def test_placeholders_are_never_detected() -> None:
    text = " ".join(placeholder(k, lang) for k in Kind for lang in ("en", "zh-Hans"))
    assert not redact(text).changed
    assert not redact("my password is [hidden: password]").changed


def test_password_value_hidden_label_kept() -> None:
    assert redact("我的密码是 Abc12345!").text == "我的密码是 [已隐藏：密码]"
    assert redact("Password: hunter22", lang="en").text == "Password: [hidden: password]"


@pytest.mark.parametrize(
    "text",
    ["我忘记了密码", "reset my password", "密码错误", "my password is wrong", "密码是不是错了"],
)
def test_password_without_value_is_untouched(text: str) -> None:
    assert not redact(text).changed


def test_hex_after_key_words_is_a_private_key() -> None:
    result = redact(f"my private key: 0x{KEY}")
    assert result.findings[0].kind is Kind.PRIVATE_KEY
    assert result.findings[0].confidence >= 0.9


def test_hex_after_transaction_words_is_kept() -> None:
    for text in (f"交易哈希 {KEY}", f"txid: 0x{KEY}", f"{KEY} 是我的交易哈希"):
        assert not redact(text).changed, text


@pytest.mark.parametrize(
    "url",
    [
        "https://etherscan.io/tx/0x{}",
        "https://tronscan.org/#/transaction/{}",
        "mempool.space/tx/{}",
        "https://bscscan.com/tx/0x{}?a=1",
    ],
)
def test_hex_in_explorer_links_is_kept(url: str) -> None:
    assert not redact(url.format(KEY)).changed


def test_hex_in_a_key_query_parameter_is_hidden() -> None:
    assert redact(f"https://x.example/import?privkey={KEY}").changed


def test_bare_hex_is_hidden_and_reported_ambiguous() -> None:
    result = redact(KEY)
    assert result.findings == (Finding(Kind.PRIVATE_KEY, 0, 64, 0.6),)
    assert result.ambiguous_hex == result.findings


def test_allow_keeps_a_labelled_transaction_hash() -> None:
    assert not redact(KEY, allow=[KEY]).changed
    assert not redact("0x" + KEY, allow=["0x" + KEY.upper()]).changed
    assert not redact(f"see {KEY}", labelled_spans=[(4, 68)]).changed


def test_allow_never_keeps_a_self_proving_secret() -> None:
    key = wif(RNG.randbytes(32))
    assert redact(key, allow=[key]).changed


def test_sha256_checksum_is_kept() -> None:
    assert not redact(f"SHA-256 of the installer: {KEY}").changed


def test_wif_and_extended_keys_are_hidden_but_xpub_and_addresses_are_kept() -> None:
    assert redact(wif(RNG.randbytes(32))).findings[0].kind is Kind.WIF
    assert redact(extended_key(RNG, "xprv")).findings[0].kind is Kind.EXTENDED_PRIVATE_KEY
    assert not redact(extended_key(RNG, "xpub")).changed
    assert not redact(
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"
    ).changed


def test_wif_with_a_typo_is_still_hidden() -> None:
    key = wif(RNG.randbytes(32), compressed=False)
    typo = key[:20] + ("a" if key[20] != "a" else "b") + key[21:]
    assert redact(typo).findings[0].kind is Kind.WIF


def test_keystore_object_is_hidden_whole_even_pretty_printed() -> None:
    value = keystore_json(RNG, pretty=True)
    result = redact(f"keystore:\n{value}\nthanks")
    assert result.text == "keystore:\n[已隐藏：Keystore 文件]\nthanks"


def test_keystore_fragment_without_closing_brace_is_hidden() -> None:
    value = keystore_json(RNG, pretty=False)
    cut = value[: value.index('"mac"') + 80]
    result = redact(cut)
    assert result.findings[0].kind is Kind.KEYSTORE
    assert json.loads(value)["crypto"]["ciphertext"] not in result.text


def test_mnemonic_inside_a_sentence_keeps_the_sentence() -> None:
    result = redact(f"Hi, my wallet words are: {WORDS_EN}. What now?", lang="en")
    assert result.text == "Hi, my wallet words are: [hidden: seed phrase]. What now?"


def test_chinese_mnemonic_dense_after_context_keeps_the_label() -> None:
    dense = WORDS_ZH.replace(" ", "")
    assert redact(f"我的助记词是：{dense}").text == "我的助记词是：[已隐藏：助记词]"


def test_the_first_twelve_list_characters_are_a_mnemonic() -> None:
    assert redact("的一是在不了有和人这中大").text == "[已隐藏：助记词]"


# A real 15-word phrase (valid checksum) whose words happen to make prose pairs near its
# end ("把她", "横都"): the quiet-window rules alone stopped before its last words.
PHRASE_WITH_PAIRS = "凭 充 赵 燃 虫 厚 红 洲 谋 浙 把 她 横 都 铒"


@pytest.mark.parametrize(
    ("before", "phrase"),
    [
        ("", PHRASE_WITH_PAIRS),
        ("", PHRASE_WITH_PAIRS.replace(" ", "")),
        ("我的账户一直不能提现，客服也不回复\n", PHRASE_WITH_PAIRS),
        ("你好，我昨天充值的USDT到现在还没有到账，麻烦帮我查一下\n", PHRASE_WITH_PAIRS),
    ],
)
def test_a_chinese_phrase_is_hidden_whole_when_its_own_words_make_prose_pairs(
    before: str, phrase: str
) -> None:
    result = redact(f"{before}{phrase}\n")
    # No word of the phrase is left, but for characters the prose before it holds too.
    assert not (set(phrase) - set(before) - {" "}) & set(result.text)


def test_prose_after_a_phrase_that_names_the_seed_words_does_not_pull_the_finding_off_it() -> None:
    phrase = "滩 眼 构 归 驳 挖 默 寨 偶 间 拨 绪"
    result = redact(f"\n{phrase}\n请问备份助记词的时候需要注意什么")
    assert not set(phrase.split()) & set(result.text)


def test_chinese_prose_made_of_list_characters_is_untouched() -> None:
    assert not redact("我的账户一直不能提现，客服也不回复").changed


@pytest.mark.parametrize(
    "text",
    [
        "客服绝不会索要助记词，请妥善保管\n我要求退还多扣的手续费，并且向我道歉",
        "客服让我提供助记词，他们说要先转一笔钱到安全账户，这正常吗",
        "助记词\n我被骗了八千元，骗子先说要验证私钥，然后又说要交解冻费，我现在只想把钱要回来",
        "客服绝不会索要助记词，请妥善保管\n请提交文件或勾选清除复选框，两者其一即可",
        "恢复短语请提交文件或勾选清除复选框，两者其一即可",
    ],
)
def test_prose_after_a_context_word_is_untouched(text: str) -> None:
    # Few dictionary pairs, but written: common characters, or clauses glued
    # across a comma or a line break, or the context word's own characters.
    assert not redact(text).changed


def test_a_grouped_phrase_glued_to_prose_after_a_context_word_is_hidden() -> None:
    words = WORDS_ZH.split()
    grouped = " ".join("".join(words[i : i + 3]) for i in range(0, 12, 3))
    result = redact(f"我的助记词是{grouped}请帮我看看")
    assert grouped not in result.text
    assert "".join(words[-3:]) not in result.text


def test_a_whole_dense_line_of_phrase_length_after_a_context_word_is_hidden() -> None:
    # Its own pairs keep the dense rule to the first 17 characters; the whole line
    # (23 = 24 minus one) after the context word is the phrase.
    text = "種子短語如下\n版惊翼涤追器纸三遇目隐驳伊所就友定礼总能晚拟摇"
    assert redact(text).text == "種子短語如下\n[已隐藏：助记词]"


def test_english_prose_full_of_list_words_is_untouched() -> None:
    text = "I need help because my account balance is wrong and the support team did not answer after three days"
    assert not redact(text).changed


@pytest.mark.parametrize(
    "text",
    [
        # Found by hypothesis: "seed phrase please note that [the] exchange rate changed"
        # is 8 list words after a context word.
        "Someone on Telegram said he was from support and asked for my seed phrase "
        "Please note that the exchange rate changed while my order was pending",
        # The context word's own words do not count; then 11 list words, 70 %+ common.
        "The scam account said enter seed phrase, wait one minute, then you will receive",
        # 11+ list words across two lines, a function word ("the") inside.
        "recovery phrase lost, phone broken, balance unknown, please advise the next step "
        "Can you tell me the status of my complaint",
        "Seed phrase never shared. Please check deposit history, fee, exchange rate, order "
        "status Please describe what happened",
    ],
)
def test_english_prose_after_a_context_word_is_untouched(text: str) -> None:
    assert not redact(text).changed


@pytest.mark.parametrize(
    "decorate",
    [
        " ".join,
        ", ".join,
        "\n".join,
        lambda words: " ".join(w.title() for w in words),
        lambda words: " ".join(words).upper(),
        lambda words: " ".join(words).capitalize(),
        lambda words: " ".join(f"{i}. {w}" for i, w in enumerate(words, 1)),
    ],
)
def test_a_partial_english_phrase_after_a_context_word_is_hidden(
    decorate: Callable[[list[str]], str],
) -> None:
    # 8 of 12 words, prose glued on both sides ("and the", "please check").
    phrase = decorate(WORDS_EN.split()[:8])
    for frame in (
        "my seed phrase is: {} please check",
        "I gave them my recovery phrase {} and the wallet was emptied",
        "12 words\n{}\nthanks",
    ):
        assert phrase not in redact(frame.format(phrase)).text


def test_english_context_words_do_not_count_towards_the_phrase() -> None:
    # "seed" is a list word, but here the context word: 8 list words, 7 of the phrase.
    seven = " ".join(WORDS_EN.split()[:7])
    assert not redact(f"seed {seven}").changed
    eight = " ".join(WORDS_EN.split()[:8])
    assert redact(f"seed {eight}", lang="en").text == "[hidden: seed phrase]"


def test_eleven_of_twelve_words_is_still_a_leak() -> None:
    eleven = " ".join(WORDS_EN.split()[:11])
    assert redact(eleven).changed


def test_checksum_raises_confidence() -> None:
    valid = redact(WORDS_EN).findings[0].confidence
    words = WORDS_EN.split()
    broken = " ".join(words[:-1] + ["zoo" if words[-1] != "zoo" else "zone"])
    assert valid > redact(broken).findings[0].confidence


def test_offsets_point_into_the_original_text_despite_invisible_characters() -> None:
    text = "key:\u200b " + "\u200b".join([KEY[:10], KEY[10:]])
    result = redact(text)
    finding = result.findings[0]
    assert text[finding.start : finding.end].replace("\u200b", "") == KEY
    assert KEY[:10] not in result.text


def test_full_width_secret_is_found() -> None:
    full = WORDS_EN.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert redact(full).changed


def test_summary_counts_kinds_and_holds_no_secret() -> None:
    result = redact(f"私钥 {KEY} 和 私钥 0x{KEY[::-1]} 密码: Abc12345")
    assert result.summary() == [
        {"kind": "private_key", "count": 2},
        {"kind": "password", "count": 1},
    ]
    assert KEY not in repr(result)
    assert result.detector_version == DETECTOR_VERSION


def test_nothing_found_returns_the_same_string() -> None:
    text = "普通的一句话 with words"
    result = redact(text)
    assert result.text is text
    assert not result.changed
    assert result.summary() == []
