"""The status machine: every allowed move, and every refused one, per side."""

import itertools

import pytest

from kefu.tickets.models import Status
from kefu.tickets.transitions import ALLOWED, Side, allowed_targets, can_transition

ALL_MOVES = [(a, b, side) for a, b in itertools.permutations(Status.values, 2) for side in Side]


@pytest.mark.parametrize(("current", "target", "side"), ALL_MOVES)
def test_each_move_is_allowed_exactly_when_the_table_says_so(current, target, side):
    expected = side in ALLOWED.get((current, target), frozenset())
    assert can_transition(current, target, side) is expected


def test_withdrawn_is_final_for_everyone():
    assert all(allowed_targets(Status.WITHDRAWN, side) == [] for side in Side)


def test_only_the_requester_can_withdraw():
    sources = [a for (a, b), sides in ALLOWED.items() if b == Status.WITHDRAWN]
    assert all(ALLOWED[(a, Status.WITHDRAWN)] == {Side.REQUESTER} for a in sources)


def test_requester_cannot_resolve_their_own_ticket():
    assert not any(can_transition(a, Status.RESOLVED, Side.REQUESTER) for a in Status.values)


def test_requester_can_confirm_dispute_and_reopen():
    assert can_transition(Status.RESOLVED, Status.CLOSED, Side.REQUESTER)
    assert can_transition(Status.RESOLVED, Status.OPEN, Side.REQUESTER)
    assert can_transition(Status.CLOSED, Status.OPEN, Side.REQUESTER)


def test_staff_cannot_withdraw_a_users_complaint():
    assert not can_transition(Status.OPEN, Status.WITHDRAWN, Side.STAFF)
