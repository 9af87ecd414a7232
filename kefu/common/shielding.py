"""The Django side of the shield: every text a person writes passes here before it is stored.

`kefu.shield` is the pure engine; this adapter picks the reader's language and turns findings
into the `redactions` / `warnings` the API and pages show.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kefu import shield


@dataclass(frozen=True)
class Shielded:
    text: str
    redactions: list[dict[str, object]] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    risk_messages: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.redactions)


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-Hans"


def shield_text(text: str, *, author_role: str, allow: Collection[str] = ()) -> Shielded:
    if not text:
        return Shielded(text="")
    lang = _lang()
    redaction = shield.redact(text, lang=lang, allow=allow)
    # assess reads the redacted text (placeholders of either language are masked), so the
    # redaction made here saves it a second pass; with `allow` it redacts by its own rules.
    risks = shield.assess(text, author_role, redaction=None if allow else redaction)
    return Shielded(
        text=redaction.text,
        redactions=redaction.summary(),
        risks=[str(risk.code) for risk in risks],
        risk_messages=[risk.message(lang) for risk in risks],
    )


def merge_redactions(*parts: list[dict[str, object]]) -> list[dict[str, object]]:
    counts: dict[str, int] = {}
    for part in parts:
        for item in part:
            kind = str(item["kind"])
            counts[kind] = counts.get(kind, 0) + int(str(item["count"]))
    return [{"kind": kind, "count": count} for kind, count in sorted(counts.items())]


def redaction_warnings(redactions: list[dict[str, object]]) -> list[str]:
    """Advice for a requester whose text held a secret (shown once, right away)."""
    if not redactions:
        return []
    kinds = {str(item["kind"]) for item in redactions}
    warnings = [
        _(
            "We removed what looked like a secret from your message before saving it. "
            "Kefu staff will never ask for your seed phrase, private key or password."
        )
    ]
    if kinds & {"mnemonic", "private_key", "wif", "extended_private_key", "keystore"}:
        warnings.append(
            _(
                "If you have shared this seed phrase or private key anywhere, treat the wallet as "
                "compromised: move your assets to a new wallet now."
            )
        )
    if "password" in kinds:
        warnings.append(_("Change that password now, and never send it to anyone."))
    return warnings
