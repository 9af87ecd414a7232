"""``redact``: every detector on a normalised copy, findings merged, spans replaced.

Order of work (cheap first): normalise (folding and removal only when a scan finds
full-width or invisible characters), then one ``ascii_view`` of the text (a byte per
character) that every detector's prefilter searches with C-level ``bytes`` methods;
Python time is spent only on candidates: keystore needs "ciphertext", passwords a
label, keys a run of 50+ alphanumerics, English seed phrases a stretch that can hold 8
words of which 6 are list words, Chinese ones a flagged group, a stretch of short
groups or a context word, and then word pairs read as ints from the UTF-16 form.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from . import keys, keystore, mnemonic, passwords
from .findings import PRIORITY, Finding, Kind, Redaction
from .placeholders import placeholder
from .text import Normalised, ascii_view, normalise


def redact(
    text: str,
    *,
    lang: str = "zh-Hans",
    allow: Collection[str] = (),
    labelled_spans: Collection[tuple[int, int]] = (),
) -> Redaction:
    """Replace every secret in ``text`` by a placeholder in ``lang``.

    ``allow``: exact strings from a labelled field (the ticket's transaction hashes)
    that are kept when they would otherwise be an ambiguous 64-hex. ``labelled_spans``:
    ``(start, end)`` ranges of ``text`` that are such a field. Neither ever keeps a
    self-proving secret (a checksum-valid WIF or xprv, a seed phrase, a keystore).
    """
    if not text:
        return Redaction(text="", findings=(), changed=False)
    norm = normalise(text)
    allowed = set(allow)
    for start, end in labelled_spans:
        allowed.add(text[start:end])
    found, ambiguous = _detect(norm, allowed)
    findings = tuple(_to_original(norm, f) for f in _resolve(found))
    ambiguous_hex = tuple(_to_original(norm, f) for f in ambiguous if _kept(f, findings, norm))
    if not findings:
        return Redaction(text=text, findings=(), changed=False)
    pieces: list[str] = []
    last = 0
    for finding in findings:
        pieces.append(text[last : finding.start])
        pieces.append(placeholder(finding.kind, lang))
        last = finding.end
    pieces.append(text[last:])
    return Redaction(
        text="".join(pieces), findings=findings, changed=True, ambiguous_hex=ambiguous_hex
    )


def _detect(norm: Normalised, allowed: Collection[str]) -> tuple[list[Finding], list[Finding]]:
    text = norm.text
    view = ascii_view(text)  # one C-level pass that every detector's prefilter reads
    found: list[Finding] = []
    found.extend(keystore.find(text))
    scan = keys.find(text, allowed, view)
    found.extend(scan.findings)
    found.extend(mnemonic.find(text, view))
    found.extend(passwords.find(text, view))
    return found, list(scan.ambiguous)


def _resolve(found: Iterable[Finding]) -> list[Finding]:
    """Merge overlapping findings; the merged span takes the higher kind and the
    higher confidence. Nothing is ever narrowed: the union is hidden."""
    merged: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -f.end)):
        if merged and finding.start < merged[-1].end:
            previous = merged[-1]
            kind = max(previous.kind, finding.kind, key=PRIORITY.__getitem__)
            merged[-1] = Finding(
                kind,
                previous.start,
                max(previous.end, finding.end),
                max(previous.confidence, finding.confidence)
                if kind == previous.kind == finding.kind
                else _confidence_of(kind, previous, finding),
            )
        else:
            merged.append(finding)
    return merged


def _confidence_of(kind: Kind, a: Finding, b: Finding) -> float:
    return max(f.confidence for f in (a, b) if f.kind == kind)


def _to_original(norm: Normalised, finding: Finding) -> Finding:
    start, end = norm.to_original(finding.start, finding.end)
    if (start, end) == (finding.start, finding.end):
        return finding
    return Finding(finding.kind, start, end, finding.confidence)


def _kept(ambiguous: Finding, findings: tuple[Finding, ...], norm: Normalised) -> bool:
    """An ambiguous hex is reported only if it was redacted as a lone private key."""
    start, end = norm.to_original(ambiguous.start, ambiguous.end)
    return any(
        f.kind is Kind.PRIVATE_KEY and f.start == start and f.end == end and f.confidence < 0.7
        for f in findings
    )
