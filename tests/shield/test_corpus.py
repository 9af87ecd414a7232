"""Per-kind recall and damage over the generated corpus (see corpus.py)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from kefu.shield import Kind, redact

from .corpus import Case, keep_cases, mixed_cases, positives

POSITIVES = positives()
KEEPS = keep_cases()


def _caught(case: Case) -> bool:
    result = redact(case.text)
    if case.secret in result.text:
        return False
    start = case.text.index(case.secret)
    end = start + len(case.secret)
    return any(f.start <= start and end <= f.end for f in result.findings)


def test_corpus_is_large_and_covers_every_kind() -> None:
    kinds = Counter(c.kind for c in POSITIVES)
    assert set(kinds) == set(Kind)
    assert len(POSITIVES) >= 400
    assert len(KEEPS) >= 350


@pytest.mark.parametrize("kind", list(Kind))
def test_recall_is_complete_for_each_kind(kind: Kind) -> None:
    cases = [c for c in POSITIVES if c.kind is kind]
    missed = [c.label + ": " + c.text[:60] for c in cases if not _caught(c)]
    assert missed == [], f"{len(missed)}/{len(cases)} {kind} missed"


def test_findings_name_the_expected_kind() -> None:
    wrong = defaultdict(list)
    for case in POSITIVES:
        kinds = {f.kind for f in redact(case.text).findings}
        if case.kind not in kinds:
            wrong[case.kind].append(case.label)
    assert dict(wrong) == {}


def test_no_keep_string_is_damaged() -> None:
    damaged = [c.label + ": " + c.text[:70] for c in KEEPS if redact(c.text).changed]
    assert damaged == []


def test_mixed_messages_lose_the_secrets_and_keep_the_evidence() -> None:
    for text, secrets, keeps in mixed_cases():
        out = redact(text).text
        for secret in secrets:
            assert secret not in out
        for keep in keeps:
            assert keep in out


def test_redaction_is_idempotent_on_the_corpus() -> None:
    for case in POSITIVES:
        once = redact(case.text).text
        assert redact(once).text == once, case.label
