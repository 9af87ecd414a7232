"""The registry of official channels and the ``check`` entry point."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from .builder import VerdictBuilder
from .checks import S_PATH, S_USERINFO, Finding, handle_findings, host_findings
from .index import Index, Official
from .model import ChannelRecord, PlatformRecord, ReportedRecord, Verdict
from .model import Technique as T
from .normalize import Parsed, display_phone, parse, parse_host
from .psl import SuffixList, bundled
from .reasons import Msg
from .wordlists import FREE_MAIL

_REDIRECT = re.compile(
    r"[?&](?:url|redirect|redirect_uri|redirect_url|target|goto|next|return|returnurl|continue|"
    r"dest|destination|to|link)=([^&#]+)",
    re.I,
)


def _coerce_platform(item: PlatformRecord | Mapping[str, Any]) -> PlatformRecord:
    if isinstance(item, PlatformRecord):
        return item
    channels = [
        ch if isinstance(ch, ChannelRecord) else ChannelRecord(
            str(ch["kind"]), str(ch["value"]), str(ch.get("label", "") or "")
        )
        for ch in item.get("channels", ())
    ]  # fmt: skip
    names = {str(k): str(v) for k, v in dict(item.get("names", {}) or {}).items()}
    return PlatformRecord(
        slug=str(item["slug"]),
        name=str(item.get("name", item["slug"])),
        names=names,
        channels=channels,
        source=str(item.get("source", "") or ""),
    )


def _coerce_reported(item: ReportedRecord | Mapping[str, Any]) -> ReportedRecord:
    if isinstance(item, ReportedRecord):
        return item
    platform = item.get("platform")
    return ReportedRecord(
        str(item["kind"]), str(item["value"]), str(platform) if platform else None
    )


class Registry:
    """Official channels of many platforms, compiled for fast checks. Immutable after construction."""

    def __init__(
        self,
        platforms: Sequence[PlatformRecord],
        reported: Sequence[ReportedRecord] = (),
        allowlist: Iterable[str] = (),
        *,
        psl: SuffixList | None = None,
    ) -> None:
        self._platforms = tuple(platforms)
        self._reported = tuple(reported)
        self._allowlist = tuple(sorted({a.lower() for a in allowlist}))
        self._psl = psl or bundled()
        self._index = Index(self._platforms, self._reported, self._allowlist, self._psl)

    # -- construction / export ---------------------------------------------

    @classmethod
    def from_records(
        cls,
        *,
        platforms: Iterable[PlatformRecord | Mapping[str, Any]] = (),
        reported: Iterable[ReportedRecord | Mapping[str, Any]] = (),
        allowlist: Iterable[str] = (),
    ) -> Registry:
        """Build from dataclass records or plain dicts (as the Django layer passes them)."""
        return cls(
            [_coerce_platform(p) for p in platforms],
            [_coerce_reported(r) for r in reported],
            allowlist,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Registry:
        return cls.from_records(
            platforms=data.get("platforms", ()),
            reported=data.get("reported", ()),
            allowlist=data.get("allowlist", ()),
        )

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Registry:
        """Read the registry JSON format (see docs/verify.md)."""
        with Path(path).open(encoding="utf-8") as handle:
            return cls.from_json(json.load(handle))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"platforms": [], "reported": []}
        for p in self._platforms:
            entry: dict[str, Any] = {
                "slug": p.slug,
                "name": p.name,
                "names": dict(p.names),
                "channels": [
                    {"kind": c.kind, "value": c.value, **({"label": c.label} if c.label else {})}
                    for c in p.channels
                ],
            }
            if p.source:
                entry["source"] = p.source
            out["platforms"].append(entry)
        out["reported"] = [
            {"kind": r.kind, "value": r.value, "platform": r.platform} for r in self._reported
        ]
        if self._allowlist:
            out["allowlist"] = list(self._allowlist)
        return out

    @property
    def platforms(self) -> tuple[PlatformRecord, ...]:
        return self._platforms

    # -- checking -------------------------------------------------------------

    def check(self, value: str, *, lang: str = "zh-Hans") -> Verdict:
        """Classify one pasted value. Never raises on user input."""
        parsed = parse(value, self._psl)
        builder = VerdictBuilder(self._index, parsed, lang)
        kind = parsed.kind
        if kind == "website":
            self._website(builder, parsed)
        elif kind == "email":
            self._email(builder, parsed)
        elif kind in {"telegram", "twitter", "handle", "word", "wechat"}:
            self._handle(builder, parsed)
        elif kind == "phone":
            self._phone(builder, parsed)
        elif kind == "app":
            self._app(builder, parsed)
        elif kind == "name":
            self._name(builder, parsed)
        else:
            builder.unknown(None, Msg.of("too_long" if parsed.problem == "too_long" else "garbage"))
        return builder.verdict()

    # websites ---------------------------------------------------------------

    def _website(self, b: VerdictBuilder, p: Parsed) -> None:
        idx = self._index
        host = p.host
        assert host is not None
        b.kind = "website"
        app = idx.apps.get(host.ascii)
        if app is not None:
            b.kind = "app"
            b.official(app, Msg.of("official_app", app=p.normalized, name=app.platform))
            return
        if host.is_ip:
            b.unknown("website", Msg.of("ip_address"))
            return
        if not host.has_registrable:
            b.unknown("website", Msg.of("bare_suffix", host=host.ascii))
            return
        official = self._official_host(host, p)
        if official is not None:
            shown = host.unicode.removeprefix("www.")
            b.official(official, Msg.of("official_domain", host=shown, name=official.platform,
                                        domain=official.norm))  # fmt: skip
            if p.userinfo:
                b.note(Msg.of("userinfo_note", userinfo=p.userinfo))
            target = _REDIRECT.search(p.path) if "=" in p.path else None
            if target:
                b.note(Msg.of("redirect", target=target.group(1)[:80]))
            return
        rep = idx.reported_host(host.labels)
        if rep is not None:
            b.reported(rep)
            return
        rd = host.registrable
        findings: list[Finding] = []
        if p.userinfo:
            findings += self._userinfo(p.userinfo, host)
        if rd in idx.allowlist or host.ascii in idx.allowlist:
            if not findings:
                b.unknown("website", Msg.of("allowlisted", rd=rd))
                return
        else:
            findings += host_findings(idx, host)
        if not findings and "." in p.path:
            findings += self._path_trick(p.path, host)
        if findings:
            b.impersonation(findings)
        else:
            if p.userinfo:
                b.note(Msg.of("userinfo_note", userinfo=p.userinfo))
            b.unknown("website", Msg.of("unknown", what="website"))

    def _official_host(self, host: Any, p: Parsed) -> Official | None:
        idx = self._index
        hit = idx.official_rd.get(host.registrable) or idx.official_exact.get(host.ascii)
        if hit is None and idx.official_paths:
            segments = [s for s in p.path.split("?", 1)[0].split("/") if s]
            if segments:
                hit = idx.official_paths.get(f"{host.ascii}/{segments[0].lower()}")
        return hit

    def _userinfo(self, userinfo: str, host: Any) -> list[Finding]:
        idx = self._index
        shown_host = host.unicode
        msg = Msg.of("userinfo_trick", userinfo=userinfo, host=shown_host)
        fake = parse_host(userinfo.split(":", 1)[0], self._psl)
        found: list[Finding] = []
        if fake is not None and fake.has_registrable:
            official = idx.official_rd.get(fake.registrable)
            if official is not None:
                found.append(Finding(official.platform, S_USERINFO, official.norm,
                                     [T.USERINFO_TRICK], [msg]))  # fmt: skip
                return found
            found = host_findings(idx, fake)
        else:
            found = handle_findings(idx, userinfo.lower(), (), "website")
        for f in found:
            f.techniques = [T.USERINFO_TRICK, *f.techniques]
            f.msgs.insert(0, msg)
            f.score = S_USERINFO
        return found

    def _path_trick(self, path: str, host: Any) -> list[Finding]:
        idx = self._index
        for segment in re.split(r"[/?&=#]+", path.lower()):
            if "." not in segment:
                continue
            fake = parse_host(segment, self._psl)
            if fake is None or not fake.has_registrable:
                continue
            official = idx.official_rd.get(fake.registrable)
            if official is not None:
                return [
                    Finding(
                        official.platform,
                        S_PATH,
                        official.norm,
                        [T.PATH_TRICK],
                        [Msg.of("path_trick", official=official.norm, host=host.unicode)],
                    )
                ]
        return []  # fmt: skip

    # e-mail ------------------------------------------------------------------

    def _email(self, b: VerdictBuilder, p: Parsed) -> None:
        idx = self._index
        host = p.host
        assert host is not None
        b.kind = "email"
        b.tail(Msg.of("spoof_email"))
        if not host.has_registrable:
            b.unknown("email", Msg.of("bare_suffix", host=host.ascii))
            return
        rd = host.registrable
        official = idx.official_rd.get(rd) or idx.official_exact.get(host.ascii)
        if official is not None:
            exact = idx.official_emails.get(p.normalized)
            b.official(exact or official, Msg.of("official_email", address=p.normalized,
                                                 domain=rd, name=official.platform))  # fmt: skip
            return
        rep = idx.rep_emails.get(p.normalized) or idx.reported_host(host.labels)
        if rep is not None:
            b.reported(rep)
            return
        local_findings = handle_findings(idx, p.local, (), "email")
        if rd in FREE_MAIL:
            for f in local_findings:
                f.techniques.insert(0, T.FREE_MAIL)
                f.msgs.insert(0, Msg.of("free_mail", domain=rd, local=p.local, name=f.platform))
            findings = local_findings + self._context(p, "email")
            if findings:
                b.impersonation(findings)
            else:
                b.unknown("email", Msg.of("unknown_free_mail", domain=rd))
            return
        if rd in idx.allowlist:
            findings = local_findings
        else:
            findings = host_findings(idx, host, "email") + local_findings
        findings += self._context(p, "email")
        if findings:
            b.impersonation(findings)
        else:
            b.unknown("email", Msg.of("unknown", what="email"))

    # handles, WeChat ---------------------------------------------------------

    def _handle(self, b: VerdictBuilder, p: Parsed) -> None:
        idx = self._index
        kinds = p.handle_kinds
        handle = p.handle
        b.kind = p.kind if p.kind in {"telegram", "twitter", "wechat"} else None
        for kind in kinds:
            official = (
                idx.wechat.get(handle) if kind == "wechat" else idx.handles.get((kind, handle))
            )
            if official is not None:
                b.kind = kind
                key = "official_wechat" if kind == "wechat" else "official_handle"
                b.official(official, Msg.of(key, handle=p.normalized, wid=handle, kind=kind,
                                            name=official.platform))  # fmt: skip
                if kind != "wechat":
                    b.tail(Msg.of("spoof_handle"))
                return
        rep = idx.rep_wechat.get(handle) if kinds == ("wechat",) else idx.rep_handles.get(handle)
        if rep is not None:
            b.reported(rep)
            return
        if p.kind == "word":
            named = [br for br in idx.by_skel.get(handle, ()) if br.token == handle]
            if named:
                brand = named[0]
                b.unknown(None, Msg.of("name_only", text=handle, name=brand.platform,
                                       official=idx.official_site(brand.platform)))  # fmt: skip
                b.platform = brand.platform
                b.matched = idx.official_site(brand.platform)
                return
        if p.invite:
            b.unknown("telegram", Msg.of("invite"))
            return
        what = p.kind if p.kind in {"telegram", "twitter", "wechat"} else "handle"
        findings = handle_findings(idx, handle, kinds, what) + self._context(p, what)
        if len(kinds) > 1 and p.kind == "handle":
            b.tail(Msg.of("both_handles"))
        if findings:
            b.impersonation(findings)
            if b.kind is None:
                b.kind = self._handle_kind(b.platform, kinds, findings)
        else:
            b.unknown(b.kind, Msg.of("unknown", what=what))

    def _handle_kind(
        self, platform: str | None, kinds: tuple[str, ...], found: list[Finding]
    ) -> str:
        for kind in kinds:
            if platform and (platform, kind) in self._index.first_handle:
                return kind
        return kinds[0]

    def _context(self, p: Parsed, what: str) -> list[Finding]:
        idx = self._index
        out: list[Finding] = []
        for slug in idx.brands_in_text(p.context):
            key = "unofficial_phone" if what == "phone" else "presented_with"
            tech = T.UNOFFICIAL_PHONE if what == "phone" else T.BRAND_IN_HANDLE
            out.append(Finding(slug, 60, idx.official_site(slug), [tech],
                               [Msg.of(key, what=what, name=slug)]))  # fmt: skip
        return out

    # phones --------------------------------------------------------------------

    def _phone(self, b: VerdictBuilder, p: Parsed) -> None:
        idx = self._index
        b.kind = "phone"
        b.tail(Msg.of("spoof_phone"))
        official = idx.phones.get(p.phone)
        if official is not None:
            b.official(
                official,
                Msg.of("official_phone", phone=display_phone(p.phone), name=official.platform),
            )
            return
        rep = idx.rep_phones.get(p.phone)
        if rep is not None:
            b.reported(rep)
            return
        findings = self._context(p, "phone")
        for near in idx.near_phones(p.phone):
            findings.append(
                Finding(near.platform, 55, near.norm, [T.UNOFFICIAL_PHONE],
                        [Msg.of("near_phone", name=near.platform, official=display_phone(near.norm))])
            )  # fmt: skip
        for f in findings:
            if f.platform and f.matched == idx.official_site(f.platform):
                f.matched = idx.first_phone.get(f.platform, f.matched)
        if findings:
            b.impersonation(findings)
        else:
            b.unknown("phone", Msg.of("unknown", what="phone"))

    def _app(self, b: VerdictBuilder, p: Parsed) -> None:
        idx = self._index
        b.kind = "app"
        official = idx.apps.get(p.handle)
        if official is not None:
            b.official(official, Msg.of("official_app", app=p.handle, name=official.platform))
            return
        rep = idx.rep_apps.get(p.handle)
        if rep is not None:
            b.reported(rep)
            return
        findings = handle_findings(idx, p.handle, (), "app")
        if findings:
            b.impersonation(findings)
        else:
            b.unknown("app", Msg.of("unknown", what="app"))

    def _name(self, b: VerdictBuilder, p: Parsed) -> None:
        slugs = self._index.brands_in_text(p.context)
        if slugs:
            slug = slugs[0]
            site = self._index.official_site(slug)
            b.unknown(None, Msg.of("name_only", text=p.context[:40], name=slug, official=site))
            b.platform = slug
            b.matched = site
        else:
            b.unknown(None, Msg.of("garbage"))
