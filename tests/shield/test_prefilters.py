"""The C-level prefilters give what the scans they replace gave.

Each fast path of the engine (bytes searches on the ASCII view, pair codes read from
UTF-16, the randomness bound) stands in for a regex scan or a per-character loop; the
reference here is that scan or loop, written plainly, on hand-picked edge cases and on
random text drawn from the characters that matter.
"""

from __future__ import annotations

import functools
import re
import zlib
from importlib import resources
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from kefu.shield import keys, mnemonic, mnemonic_en, mnemonic_zh, passwords
from kefu.shield.text import ascii_view
from kefu.shield.wordlists import chinese

_SIMPLIFIED = Mnemonic("chinese_simplified").wordlist
_TRADITIONAL = Mnemonic("chinese_traditional").wordlist
_ENGLISH = Mnemonic("english").wordlist

# Characters the prefilters treat specially, and a few they must leave alone.
_ALPHABET = (
    "abcdefsSpPwWmMoOtTvVgGaA2019 ,.:;-_#()\n\t"
    "，。、：；（）“”①\u3000\u00a0\u200b"
    "的一是在我们們助记記词詞忆种種子恢复復备備份个单码密口令验证动态安全校谷歌短信邮箱手机支付登录"
    "ſKİıé\ufffc"
)
texts = st.text(alphabet=_ALPHABET, max_size=80) | st.lists(
    st.sampled_from(
        [
            *_ENGLISH[:60],
            *_SIMPLIFIED[:40],
            *_TRADITIONAL[:40],
            "seed",
            "SEED",
            "Seed",
            "sEEd",
            "words",
            "recovery",
            "ecret",
            "助记词",
            "记忆词",
            "个单词",
            "password",
            "PassCode",
            "pin",
            "2fa",
            "totp",
            "ſms",
            "\u212a",
            "支付密码",
            "谷歌验证码",
            "口令",
            " ",
            "1.",
            "，",
            "\n",
            "a" * 49,
            "b" * 50,
            "c" * 114,
            "d" * 115,
        ]
    ),
    max_size=30,
).map("".join)


def test_the_ascii_view_has_one_byte_per_character() -> None:
    text = "ab 1,是們，K\ud800🔑"
    view = ascii_view(text)
    assert len(view) == len(text)
    assert view[:5] == b"ab 1,"
    assert view[5] in range(0xE4, 0xEA)  # 是: the CJK block
    assert view[6] in range(0xE4, 0xEA)  # 們
    assert view[7] == 0xEF  # ，: full-width forms


_LONG_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{50,114}(?![0-9A-Za-z])")


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_long_runs_are_the_regex_spans(text: str) -> None:
    assert keys._long_runs(text, None) == [m.span() for m in _LONG_RUN.finditer(text)]


def test_long_runs_at_the_length_bounds() -> None:
    text = "x" * 49 + " " + "y" * 50 + "我" + "z" * 114 + "é" + "w" * 115
    assert keys._long_runs(text, None) == [(50, 100), (101, 215)]


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_password_label_starts_are_the_regex_starts(text: str) -> None:
    expected = [m.start() for m in passwords._LABEL_START_RE.finditer(text)]
    assert passwords._label_starts(text, ascii_view(text)) == expected


def test_password_label_starts_edge_cases() -> None:
    for text in ["码密码", "12fa", "xtotp totp", "ſms code", "\u212apin pin", "登录密码口令"]:
        expected = [m.start() for m in passwords._LABEL_START_RE.finditer(text)]
        assert passwords._label_starts(text, ascii_view(text)) == expected, text


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_context_hints_are_the_regex_starts(text: str) -> None:
    patterns = mnemonic_zh._chinese_patterns()
    expected = [m.start() for m in patterns.context_hint.finditer(text)]
    assert mnemonic_zh._context_hints(text, ascii_view(text), patterns) == expected


def test_overlapping_context_literals_keep_the_regex_order() -> None:
    patterns = mnemonic_zh._chinese_patterns()
    for text in ["wordseed", "WORDSEED", "助记忆词", "SeedSeed", "seeds words"]:
        expected = [m.start() for m in patterns.context_hint.finditer(text)]
        assert mnemonic_zh._context_hints(text, ascii_view(text), patterns) == expected, text


def test_context_re_reads_12_words_after_a_non_word_character_only() -> None:
    found = [m.group() for m in mnemonic.CONTEXT_RE.finditer("112 words, #12 words, a24 Words")]
    assert found == ["12 words"]
    assert mnemonic.CONTEXT_RE.search("24-words") is not None


def _fold(char: str) -> str:
    return chinese().to_simplified.get(ord(char), char)


@functools.cache
def _word_pairs() -> frozenset[str]:
    data = resources.files("kefu.shield").joinpath("zh_word_pairs.dat").read_bytes()
    pairs = zlib.decompress(data).decode("utf-8")
    return frozenset(pairs[i : i + 2] for i in range(0, len(pairs), 2))


def _reference_words(chars: str) -> bytes:
    """Word flags of adjacent pairs, read from the pair file character by character."""
    return bytes(_fold(a) + _fold(b) in _word_pairs() for a, b in pairwise(chars))


zh_chars = st.text(
    alphabet=st.sampled_from(_SIMPLIFIED[:300] + _TRADITIONAL[:300] + ["\x00"]),
    min_size=0,
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(chars=zh_chars)
def test_pair_flags_are_the_word_pairs_of_the_folded_characters(chars: str) -> None:
    particles = mnemonic_zh._particle_codes()
    words, prose = mnemonic_zh._pairs(chars, particles)
    assert words == _reference_words(chars)
    marks = [ord(c) in particles for c in chars]
    assert prose == bytes(w or a or b for w, a, b in zip(words, marks, marks[1:], strict=False))


@settings(max_examples=300, deadline=None)
@given(chars=st.text(alphabet=st.sampled_from(_SIMPLIFIED + _TRADITIONAL[:200]), max_size=40))
def test_the_randomness_bound_never_misses_a_random_stretch(chars: str) -> None:
    random_stretch = any(
        mnemonic_zh._drawn_at_random(chars[i:j])
        for i in range(len(chars))
        for j in range(i + mnemonic_zh.ZH_CONTEXT_MIN_CHARS, len(chars) + 1)
    )
    if random_stretch:
        assert mnemonic_zh._may_be_random(chars)


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_english_stretches_hold_every_run_the_list_test_would_pass(text: str) -> None:
    lists = mnemonic_en.english()
    stretches = list(mnemonic_en._english_stretches(ascii_view(text)))
    for run in mnemonic_en._EN_RUN.finditer(text):
        words = mnemonic_en._LETTERS.findall(run.group().lower())
        exact = [w in lists.index or w[:4] in lists.by_prefix for w in words]
        if any(sum(exact[i : i + 8]) >= 6 for i in range(len(exact) - 7)):
            assert any(s <= run.start() and run.end() <= e for s, e in stretches), run
