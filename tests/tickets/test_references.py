"""Reference numbers: short, readable aloud, typed on a phone (Crockford base32)."""

from __future__ import annotations

import re
from collections import Counter

from kefu.tickets.services.common import REFERENCE_ALPHABET, new_reference


def test_a_reference_is_two_groups_of_four_from_the_readable_alphabet():
    for _ in range(200):
        reference = new_reference()
        assert re.fullmatch(r"KF-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
        assert set(reference[3:].replace("-", "")) <= set(REFERENCE_ALPHABET)
        assert not set(reference[3:]) & set("ILOU")  # no look-alikes of 1, 0 or V


def test_every_character_of_the_alphabet_is_drawn_about_as_often():
    drawn = Counter("".join(new_reference()[3:].replace("-", "") for _ in range(4000)))
    # 32,000 characters over 32 symbols: 1,000 each expected; a character the draw favours
    # or never picks lands far outside this band (binomial sd ~31).
    assert set(drawn) == set(REFERENCE_ALPHABET)
    assert all(820 < count < 1180 for count in drawn.values()), drawn
