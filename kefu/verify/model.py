"""Public data types of the verify engine: records in, verdicts out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

CHANNEL_KINDS: tuple[str, ...] = (
    "website",
    "email",
    "telegram",
    "twitter",
    "phone",
    "wechat",
    "app",
)


class Status(StrEnum):
    """Outcome of a check. Only ``reported`` means a moderator confirmed a scam."""

    OFFICIAL = "official"
    IMPERSONATION = "impersonation"
    REPORTED = "reported"
    UNKNOWN = "unknown"


class Technique(StrEnum):
    """Machine codes for what made an identifier look like an official one."""

    TYPOSQUAT = "typosquat"
    HOMOGLYPH = "homoglyph"
    PUNYCODE = "punycode"
    OTHER_TLD = "other_tld"
    HYPHENATION = "hyphenation"
    COMBO_SQUAT = "combo_squat"
    SUBDOMAIN_TRICK = "subdomain_trick"
    USERINFO_TRICK = "userinfo_trick"
    PATH_TRICK = "path_trick"
    BITSQUAT = "bitsquat"
    HANDLE_LOOKALIKE = "handle_lookalike"
    BRAND_IN_HANDLE = "brand_in_handle"
    FREE_MAIL = "free_mail"
    UNOFFICIAL_PHONE = "unofficial_phone"
    HIDDEN_CHARACTERS = "hidden_characters"


@dataclass(frozen=True, slots=True)
class ChannelRecord:
    """One official channel of a platform, as entered by an operator."""

    kind: str
    value: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class PlatformRecord:
    """A platform with its names and official channels."""

    slug: str
    name: str
    names: Mapping[str, str] = field(default_factory=dict)
    channels: Sequence[ChannelRecord] = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class ReportedRecord:
    """A moderator-confirmed scam channel, optionally tied to the platform it imitates."""

    kind: str
    value: str
    platform: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Result of :meth:`kefu.verify.Registry.check`.

    ``reasons`` are plain-language sentences in the requested language;
    ``techniques`` are stable machine codes (:class:`Technique` values).
    """

    status: Status
    platform: str | None = None
    channel_kind: str | None = None
    matched: str | None = None
    reasons: tuple[str, ...] = ()
    normalized: str = ""
    techniques: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-able representation."""
        return {
            "status": str(self.status),
            "platform": self.platform,
            "channel_kind": self.channel_kind,
            "matched": self.matched,
            "reasons": list(self.reasons),
            "normalized": self.normalized,
            "techniques": list(self.techniques),
        }
