"""The compiled index built once per registry: every lookup a check needs is a dict probe."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import PlatformRecord, ReportedRecord
from .normalize import Host, parse, parse_host, parse_phone
from .psl import SuffixList
from .reasons import Msg
from .similarity import FuzzyIndex
from .skeleton import fold_ascii, light_skeleton, skeleton, to_latin
from .wordlists import (
    ALLOWLIST,
    COMMON_WORDS,
    FREE_MAIL,
    KEYWORDS,
    STRONG_KEYWORDS,
    TLD_WORDS,
    VERY_GENERIC,
)

# Brand classes, from most to least distinctive.
DISTINCT = 0  # binance, bitpie, metamask: fuzzy, glued, any affix
SHORT = 1  # okx, htx, mexc (and joined domains such as cryptocom): exact tokens only
COMMON = 2  # ledger, phantom, exodus: exact tokens with a strong keyword only
GENERIC = 3  # crypto, token, wallet: only a look-alike under the official suffix

TOKEN_SPLIT = re.compile(r"[-_.2-9]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class Brand:
    """A name that identifies a platform: a label of an official domain or the platform's name."""

    platform: str
    token: str
    skel: str
    light: str
    domain: str
    suffixes: frozenset[str]
    cls: int
    joined: bool = False


@dataclass(frozen=True, slots=True)
class Official:
    """An official channel, keyed by its normalised form."""

    platform: str
    kind: str
    value: str
    norm: str


def _classify(token: str, skel: str) -> int:
    if token in VERY_GENERIC:
        return GENERIC
    if token in COMMON_WORDS:
        return COMMON
    if len(skel) <= 4:
        return SHORT
    return DISTINCT


def handle_key(value: str) -> str:
    """Normalise a Telegram/X handle given as ``@x``, ``x``, ``t.me/x`` or ``x.com/x``."""
    text = value.strip()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return text.lstrip("@").lower()


def _flat(text: str) -> str:
    return text.replace("_", "").replace(".", "").replace("-", "")


def flat_skeleton(handle: str) -> str:
    return _flat(fold_ascii(to_latin(handle)))


def flat_light(handle: str) -> str:
    return _flat(light_skeleton(handle))


class Index:
    """All lookup tables derived from the platforms, reports and allowlist."""

    def __init__(
        self,
        platforms: Sequence[PlatformRecord],
        reported: Sequence[ReportedRecord],
        allowlist: Iterable[str],
        psl: SuffixList,
    ) -> None:
        self.psl = psl
        self.platforms: dict[str, PlatformRecord] = {p.slug: p for p in platforms}
        self.allowlist: frozenset[str] = ALLOWLIST | frozenset(a.lower() for a in allowlist)
        self.free_mail = FREE_MAIL
        self.official_rd: dict[str, Official] = {}
        self.official_exact: dict[str, Official] = {}
        self.official_paths: dict[str, Official] = {}
        self.official_emails: dict[str, Official] = {}
        self.handles: dict[tuple[str, str], Official] = {}
        self.handle_skel: dict[str, list[Official]] = {}
        self.handle_light: dict[str, list[Official]] = {}
        self.phones: dict[str, Official] = {}
        self.phone_masks: dict[str, list[Official]] = {}
        self.first_phone: dict[str, str] = {}
        self.wechat: dict[str, Official] = {}
        self.apps: dict[str, Official] = {}
        self.primary: dict[str, str] = {}
        self.first_handle: dict[tuple[str, str], str] = {}
        self.by_skel: dict[str, tuple[Brand, ...]] = {}
        self.cjk_names: dict[str, str] = {}
        self.rendered: dict[tuple[Msg, str], str] = {}
        self.rep_hosts: dict[str, ReportedRecord] = {}
        self.rep_handles: dict[str, ReportedRecord] = {}
        self.rep_phones: dict[str, ReportedRecord] = {}
        self.rep_wechat: dict[str, ReportedRecord] = {}
        self.rep_emails: dict[str, ReportedRecord] = {}
        self.rep_apps: dict[str, ReportedRecord] = {}
        brands: dict[str, dict[str, Brand]] = {}
        for platform in platforms:
            self._add_platform(platform, brands)
        by_skel: dict[str, list[Brand]] = {}
        for per_platform in brands.values():
            for brand in per_platform.values():
                by_skel.setdefault(brand.skel, []).append(brand)
        self.by_skel = {k: tuple(v) for k, v in by_skel.items()}
        distinct = [k for k, v in self.by_skel.items() if any(b.cls == DISTINCT for b in v)]
        self.distinct: frozenset[str] = frozenset(distinct)
        by_light: dict[str, list[Brand]] = {}
        for skel in distinct:
            for brand in self.by_skel[skel]:
                if brand.cls == DISTINCT:
                    by_light.setdefault(brand.light, []).append(brand)
        self.by_light: dict[str, tuple[Brand, ...]] = {k: tuple(v) for k, v in by_light.items()}
        self.fuzzy = FuzzyIndex(self.by_light)
        tri: dict[str, list[str]] = {}
        for skel in distinct:
            tri.setdefault(skel[:3], []).append(skel)
        self.distinct_by_trigram: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in tri.items()}
        edges = [k for k, v in self.by_skel.items() if any(b.cls in {SHORT, COMMON} for b in v)]
        self.edge_heads: frozenset[str] = frozenset(k[:3] for k in edges)
        self.edge_tails: frozenset[str] = frozenset(k[-3:] for k in edges)
        self.edge_lengths: tuple[int, ...] = tuple(
            sorted(
                {
                    len(k)
                    for k, v in self.by_skel.items()
                    if any(b.cls in {SHORT, COMMON} for b in v)
                }
            )
        )
        self.handle_fuzzy = FuzzyIndex(self.handle_light, max_distance=1)
        self.cjk_lengths: tuple[int, ...] = tuple(sorted({len(n) for n in self.cjk_names}))
        self.kw: frozenset[str] = frozenset(skeleton(k) for k in KEYWORDS)
        self.strong_kw: frozenset[str] = frozenset(skeleton(k) for k in STRONG_KEYWORDS)
        self.tld_words: frozenset[str] = frozenset(skeleton(k) for k in TLD_WORDS)
        self.affixes: frozenset[str] = self.kw | self.tld_words
        for record in reported:
            self._add_reported(record)
        # Platforms without a website: point users at any official channel instead.
        fallback: dict[str, str] = {}
        for official in [*self.official_rd.values(), *self.handles.values(), *self.phones.values()]:
            fallback.setdefault(official.platform, official.value)
        for slug in self.platforms:
            if slug not in self.primary and slug in fallback:
                self.primary[slug] = fallback[slug]

    # -- construction -------------------------------------------------------

    def _add_platform(self, platform: PlatformRecord, brands: dict[str, dict[str, Brand]]) -> None:
        slug = platform.slug
        mine: dict[str, Brand] = brands.setdefault(slug, {})
        domain_labels: dict[str, tuple[str, set[str], str]] = {}
        for channel in platform.channels:
            kind = channel.kind.lower()
            value = channel.value.strip()
            if kind in {"website", "email"}:
                self._add_domain_channel(slug, kind, value, domain_labels)
            elif kind in {"telegram", "twitter"}:
                handle = handle_key(value)
                if not handle:
                    continue
                off = Official(slug, kind, value, handle)
                self.handles[(kind, handle)] = off
                self.first_handle.setdefault((slug, kind), "@" + handle)
                if not handle.startswith("+"):
                    self.handle_skel.setdefault(flat_skeleton(handle), []).append(off)
                    self.handle_light.setdefault(flat_light(handle), []).append(off)
            elif kind == "phone":
                e164 = parse_phone(value)
                if e164:
                    off = Official(slug, kind, value, e164)
                    self.phones[e164] = off
                    self.first_phone.setdefault(slug, e164)
                    for i in range(1, len(e164)):
                        mask = e164[:i] + "?" + e164[i + 1 :]
                        self.phone_masks.setdefault(mask, []).append(off)
            elif kind == "wechat":
                wid = value.lower().removeprefix("wechat:").strip()
                self.wechat[wid] = Official(slug, kind, value, wid)
                self.handle_skel.setdefault(flat_skeleton(wid), []).append(self.wechat[wid])
                self.handle_light.setdefault(flat_light(wid), []).append(self.wechat[wid])
            elif kind == "app":
                self.apps[value.lower()] = Official(slug, kind, value, value.lower())
        primary = self.primary.get(slug, "")
        for skel, (token, suffixes, domain) in domain_labels.items():
            cls = _classify(token, skel)
            light = light_skeleton(token)
            mine[skel] = Brand(slug, token, skel, light, domain, frozenset(suffixes), cls)
            if cls != DISTINCT:
                for suffix in suffixes:
                    joined = token + suffix.replace(".", "")
                    jskel = skeleton(joined)
                    if jskel not in mine:
                        mine[jskel] = Brand(
                            slug,
                            joined,
                            jskel,
                            light_skeleton(joined),
                            domain,
                            frozenset(),
                            SHORT,
                            True,
                        )
        names = [platform.slug, platform.name, *platform.names.values()]
        for name in names:
            if _CJK.search(name):
                self.cjk_names.setdefault(name.strip(), slug)
                continue
            token = re.sub(r"[^a-z0-9]", "", to_latin(name))
            skel = fold_ascii(token)
            if len(skel) < 3 or skel in mine:
                continue
            mine[skel] = Brand(
                slug,
                token,
                skel,
                light_skeleton(token),
                primary,
                frozenset(),
                _classify(token, skel),
            )

    def _add_domain_channel(
        self, slug: str, kind: str, value: str, labels: dict[str, tuple[str, set[str], str]]
    ) -> None:
        text = value
        if kind == "email" and "@" in text:
            address = text.lower().removeprefix("mailto:")
            text = address.rpartition("@")[2]
        parsed = parse(text, self.psl)
        host: Host | None = parsed.host
        if host is None:
            host = parse_host(text, self.psl)
        if host is None or not host.has_registrable:
            return
        if kind == "email" and "@" in value:
            self.official_emails[value.lower().removeprefix("mailto:")] = Official(
                slug, kind, value, value.lower()
            )
        rd = host.registrable
        if rd in self.allowlist or host.ascii in self.allowlist:
            segments = [s for s in parsed.path.split("/") if s]
            if segments:
                key = f"{host.ascii}/{segments[0].lower()}"
                self.official_paths[key] = Official(slug, kind, value, key)
            else:
                self.official_exact[host.ascii] = Official(slug, kind, value, host.ascii)
            return
        self.official_rd.setdefault(rd, Official(slug, kind, value, rd))
        if kind == "website":
            self.primary.setdefault(slug, rd)
        ulabel = host.ulabels[host.reg_index]
        skel = skeleton(ulabel)
        entry = labels.setdefault(skel, (ulabel, set(), rd))
        entry[1].add(host.suffix)

    def _add_reported(self, record: ReportedRecord) -> None:
        kind = record.kind.lower()
        value = record.value.strip()
        parsed = parse(value, self.psl)
        if parsed.kind in {"telegram", "twitter", "handle", "word"} or kind in {
            "telegram",
            "twitter",
        }:
            key = parsed.handle or handle_key(value)
            self.rep_handles[key] = record
        elif parsed.kind == "phone" or kind == "phone":
            e164 = parsed.phone or parse_phone(value)
            if e164:
                self.rep_phones[e164] = record
        elif kind == "wechat" or parsed.kind == "wechat":
            self.rep_wechat[parsed.handle or value.lower()] = record
        elif kind == "app" or parsed.kind == "app":
            self.rep_apps[value.lower().removeprefix("app:")] = record
        elif parsed.kind == "email":
            self.rep_emails[parsed.normalized] = record
        elif parsed.host is not None:
            self.rep_hosts[parsed.host.ascii.removeprefix("www.")] = record

    # -- queries ------------------------------------------------------------

    def name(self, slug: str | None, lang: str) -> str:
        if slug is None or slug not in self.platforms:
            return slug or ""
        platform = self.platforms[slug]
        return platform.names.get(lang) or platform.name or slug

    def official_site(self, slug: str) -> str:
        return self.primary.get(slug) or slug

    def near_phones(self, e164: str) -> list[Official]:
        """Official numbers that differ from ``e164`` in exactly one digit."""
        out: list[Official] = []
        if not self.phone_masks:
            return out
        for i in range(1, len(e164)):
            for off in self.phone_masks.get(e164[:i] + "?" + e164[i + 1 :], ()):
                if off.norm != e164 and off not in out:
                    out.append(off)
        return out

    def reported_host(self, labels: list[str]) -> ReportedRecord | None:
        if not self.rep_hosts:
            return None
        for i in range(len(labels) - 1):
            hit = self.rep_hosts.get(".".join(labels[i:]))
            if hit is not None:
                return hit
        return None

    def brands_in_text(self, text: str) -> list[str]:
        """Platforms named in free text (``bitpie 客服``, ``币安官方``)."""
        found: list[str] = []
        if not text:
            return found
        if self.cjk_lengths and _CJK.search(text):
            for length in self.cjk_lengths:
                for i in range(len(text) - length + 1):
                    slug = self.cjk_names.get(text[i : i + length])
                    if slug and slug not in found:
                        found.append(slug)
        for word in re.split(r"[^0-9a-zA-Z\u0080-\u024f\u0370-\u04ff]+", text):
            if len(word) < 3:
                continue
            skel = skeleton(word)
            for token in [skel, *TOKEN_SPLIT.split(skel)]:
                for brand in self.by_skel.get(token, ()):
                    if brand.cls != GENERIC and brand.platform not in found:
                        found.append(brand.platform)
        return found
