"""Hypothesis properties of ``redact``."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from kefu.shield import redact
from kefu.shield.mnemonic import CONTEXT_RE

from .complaints_en import EN_COMPLAINTS
from .corpus import wif
from .prose import CHINESE, ENGLISH

_SEPARATORS = [" ", ", ", "、", "\n", "\t", " | ", "，"]
_LANGS = ["english", "chinese_simplified", "chinese_traditional"]


@st.composite
def secrets(draw: st.DrawFn) -> str:
    seed = draw(st.integers(0, 2**32))
    rng = random.Random(seed)
    choice = draw(st.sampled_from(["mnemonic", "hex", "wif"]))
    if choice == "mnemonic":
        lang = draw(st.sampled_from(_LANGS))
        words = Mnemonic(lang).to_mnemonic(
            rng.randbytes(draw(st.sampled_from([16, 20, 24, 28, 32])))
        )
        return draw(st.sampled_from(_SEPARATORS)).join(words.split())
    if choice == "hex":
        return "私钥 " + rng.randbytes(32).hex()
    return wif(rng.randbytes(32))


prose = st.lists(st.sampled_from(CHINESE + ENGLISH), min_size=0, max_size=3).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(before=prose, secret=secrets(), after=prose)
def test_the_secret_never_survives(before: str, secret: str, after: str) -> None:
    text = f"{before}\n{secret}\n{after}"
    result = redact(text)
    core = secret.removeprefix("私钥 ")
    assert core not in result.text
    assert len(result.text) <= len(text) + 20 * len(result.findings)


@settings(max_examples=150, deadline=None)
@given(before=prose, secret=secrets(), after=prose)
def test_offsets_are_exact_and_cover_the_secret(before: str, secret: str, after: str) -> None:
    text = f"{before}\n{secret}\n{after}"
    core = secret.removeprefix("私钥 ")
    start = text.index(core)
    result = redact(text)
    assert any(f.start <= start and start + len(core) <= f.end for f in result.findings)
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert 0.0 < finding.confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_redaction_is_idempotent(text: str) -> None:
    once = redact(text).text
    assert redact(once).text == once


@settings(max_examples=150, deadline=None)
@given(before=prose, secret=secrets(), after=prose)
def test_redaction_is_idempotent_around_secrets(before: str, secret: str, after: str) -> None:
    once = redact(f"{before} {secret} {after}").text
    assert redact(once).text == once


# Lines holding a seed-phrase context word ("…asked for my seed phrase") relax the
# phrase rules for the text after them: they must be drawn often.
_CONTEXT_LINES = [line for line in CHINESE + ENGLISH + EN_COMPLAINTS if CONTEXT_RE.search(line)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(CHINESE + ENGLISH + EN_COMPLAINTS), st.sampled_from(_CONTEXT_LINES)
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["", " ", "\n", "，", ", "]),
)
def test_random_prose_never_changes(lines: list[str], joiner: str) -> None:
    text = joiner.join(lines)
    assert redact(text).text == text
