"""Seed phrase (BIP39 mnemonic) detection in the English and Chinese word lists.

English: a run of words separated only by separators (spaces, commas, 、, newlines,
tabs, quotes, numbering such as ``1.`` ``2)`` ``#3`` ``④``). Ordinary prose breaks
such runs all the time: "the", "my", "is", "to", "and", "for", "did" are not BIP39
words, nor are words over eight letters. A run counts as a seed phrase when it has

* at least ``MIN_WORDS`` (11) words: 11 of 12 leaked words are brute-forced in seconds;
* or at least ``MIN_WORDS_WITH_CONTEXT`` (8) words right after a context word
  (seed, mnemonic, recovery phrase, 助记词, 备份 ...).

Up to two words may be repaired: a typo at edit distance 1 from exactly one list
word, or a four-letter abbreviation (unique by BIP39 design); a run made only of
four-letter abbreviations is accepted as a whole.

English prose can still hold such runs, above all after a context word ("…asked for
my seed phrase Please note that the exchange rate changed"): "please", "note",
"that", "exchange", "rate", "change" are list words. What tells them apart is that a
phrase's words are drawn at random from the list, while prose is made of the most
frequent English words. So (detector ``shield-2025.3``):

* the context word's own words ("seed" is a list word) do not count;
* a run reads as prose, and is kept, when 60 %+ of its list words (70 %+ for a run
  of 11+) are among ``_COMMON_WORDS``, the 269 list words that are everyday English
  (13 % of the list, so ~13 % of a random phrase); 50 %+ where the run holds a
  capitalised word between lower-case ones on one line ("amount Seed phrase"), or
  a run of 11+ a function word ("the", "and", "was" … not list words: one can pass
  as an unknown word), both rare in a pasted phrase;
* a run of 8-10 words found only thanks to a context word ends at a function word;
  each side is tested alone.

Measured (fixed seeds): 0 of 35,683 texts made of a context line and a line of
prose changed (2,953 before); 12 of 7,500 generated phrases after a context word
newly missed, 10 of them 8-10-word partial leaks with common words (0.2 %); 1 of
6,000 bare phrases without a typo newly missed.

Chinese: each list character is one word, so separators are optional and ordinary
Chinese prose is made almost entirely of list characters (the lists are the 2,048
most frequent characters). What tells a seed phrase from prose is that its
characters are drawn at random: adjacent characters almost never form a word. We
count adjacent pairs found inside words of jieba's dictionary (plus support-desk
words it lacks: ``zh_word_pairs.dat``, built by ``_build_zh_pairs``). Measured: a
random 12-character phrase holds at most 2 such pairs in 99.8 % of cases; none of
1,197 twelve-character windows of real Chinese complaint text held fewer than 3.
A run of list characters (separators allowed) is a seed phrase where it has a
window of

* 12+ characters with at most 2 word pairs, or 11+ if that window is the whole run
  (a bare 11-of-12 paste), or
* 11+ characters with at most 4 word pairs when the characters stand one by one
  between separators ("意, 纺, 烦 …", "1.意 2.纺" — wallets display them so), or
* 8+ characters with at most 1 prose pair, or 10+ with at most 2, after a context
  word (助记词, 备份, seed …).

Inside a longer run a pair touching a particle or pronoun (的 了 是 在 我 你 …)
counts as prose too ("写的", "高了"): a random phrase seldom holds those.

``的一是在不了有和人这中大`` (the twelve most frequent list characters) holds 2
pairs and is caught; ``我的账户一直不能提现`` holds 5 and is left alone. Obfuscated
prose with a space between every character still reads as prose, because pairs are
counted across separators.

A valid BIP39 checksum (any 12/15/18/21/24 window at either end of the run) raises
the confidence but is never required: Electrum seeds, typos and partial leaks have
none. The whole run is redacted, never "all but the first word".
"""

from __future__ import annotations

from collections.abc import Iterator

from .findings import Finding
from .mnemonic_context import CONTEXT_RE, MIN_WORDS, MIN_WORDS_WITH_CONTEXT
from .mnemonic_en import find_english
from .mnemonic_zh import find_chinese
from .text import ascii_view

# The detectors live in mnemonic_en and mnemonic_zh, their shared rules (context
# words, confidence) in mnemonic_context.
__all__ = ["CONTEXT_RE", "MIN_WORDS", "MIN_WORDS_WITH_CONTEXT", "find"]


def find(text: str, view: bytes | None = None) -> Iterator[Finding]:
    """Seed phrases in normalised ``text`` (offsets into ``text``); ``view`` is its
    ``ascii_view`` if the caller has it."""
    view = ascii_view(text) if view is None else view
    yield from find_english(text, view)
    if not text.isascii():  # a pure-ASCII text has no Chinese seed phrase
        yield from find_chinese(text, view)
