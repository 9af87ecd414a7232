"""The live shield warning under a text box: what would be hidden, what looks risky.

Wraps the pure engine (`kefu.shield`) for the htmx partial; nothing is stored here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from kefu import shield


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Preview:
    kinds: list[str] = field(default_factory=list)
    ambiguous_hex: list[Span] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    risk_messages: list[str] = field(default_factory=list)

    @property
    def secrets(self) -> list[str]:
        """Secret kinds other than a lone 64-hex that may be a transaction hash."""
        return self.kinds

    @property
    def secret_labels(self) -> list[str]:
        from kefu.portal.presenters import SECRET_KIND_LABELS

        return [str(SECRET_KIND_LABELS.get(kind, kind)) for kind in self.kinds]

    @property
    def empty(self) -> bool:
        return not (self.kinds or self.ambiguous_hex or self.risks)


def preview(text: str, *, role: str = "requester") -> Preview:
    if not text.strip():
        return Preview()
    lang = "en" if (get_language() or "").startswith("en") else "zh-Hans"
    data: dict[str, Any] = shield.preview(text, lang=lang, author_role=role)
    ambiguous = [Span(int(a["start"]), int(a["end"])) for a in data.get("ambiguous_hex", [])]
    ambiguous_at = {(a.start, a.end) for a in ambiguous}
    kinds: list[str] = []
    for finding in data.get("findings", []):
        kind = str(finding["kind"])
        if (finding["start"], finding["end"]) in ambiguous_at or kind in kinds:
            continue
        kinds.append(kind)
    risks = data.get("risks", [])
    if kinds or ambiguous:  # the secret warning (or the hex question) already says it
        risks = [risk for risk in risks if risk["code"] != "shares_secret"]
    return Preview(
        kinds=kinds,
        ambiguous_hex=ambiguous,
        risks=[str(risk["code"]) for risk in risks],
        risk_messages=[str(risk["message"]) for risk in risks],
    )
