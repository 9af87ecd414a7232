"""Accumulates the outcome of one check and renders it into a :class:`Verdict`."""

from __future__ import annotations

from .checks import Finding
from .index import Index, Official
from .model import ReportedRecord, Status, Verdict
from .model import Technique as T
from .normalize import Parsed
from .reasons import Msg, render

# Rendered reasons are memoised per registry (messages repeat: "not in the registry",
# "looks like Bitpie"...). Bounded: cleared when full.
RENDER_CACHE_SIZE = 4096


class VerdictBuilder:
    """Accumulates the outcome of one check and renders it."""

    def __init__(self, index: Index, parsed: Parsed, lang: str) -> None:
        self.index = index
        self.parsed = parsed
        self.lang = lang
        self.status = Status.UNKNOWN
        self.platform: str | None = None
        self.kind: str | None = None
        self.matched: str | None = None
        self.msgs: list[Msg] = []
        self.tails: list[Msg] = []
        self.techniques: list[str] = []

    def official(self, official: Official, msg: Msg) -> None:
        self.status = Status.OFFICIAL
        self.platform = official.platform
        self.matched = official.value
        self.msgs.append(msg)

    def reported(self, record: ReportedRecord) -> None:
        self.status = Status.REPORTED
        self.platform = record.platform
        if record.platform:
            self.matched = self.index.official_site(record.platform)
            self.msgs.append(Msg.of("reported", name=record.platform))
        else:
            self.msgs.append(Msg.of("reported_generic"))

    def impersonation(self, findings: list[Finding]) -> None:
        best: dict[str, int] = {}
        for f in findings:
            best[f.platform] = max(best.get(f.platform, 0), f.score)
        platform = max(best, key=lambda slug: best[slug])
        self.status = Status.IMPERSONATION
        self.platform = platform
        mine = sorted((f for f in findings if f.platform == platform), key=lambda f: -f.score)
        self.matched = mine[0].matched
        techniques = self.techniques
        msgs: dict[Msg, None] = dict.fromkeys(self.msgs)
        for f in mine:
            for tech in f.techniques:
                if tech not in techniques:
                    techniques.append(tech)
            msgs.update(dict.fromkeys(f.msgs))
        self.msgs = list(msgs)
        self.msgs.append(Msg.of("looks_like_not_scam", name=platform,
                                official=self.index.official_site(platform)))  # fmt: skip

    def unknown(self, kind: str | None, msg: Msg) -> None:
        self.status = Status.UNKNOWN
        if kind:
            self.kind = kind
        self.msgs.append(msg)

    def note(self, msg: Msg) -> None:
        self.msgs.append(msg)

    def tail(self, msg: Msg) -> None:
        self.tails.append(msg)

    def _name_of(self, slug: str) -> str:
        return self.index.name(slug, self.lang)

    def _render(self, msg: Msg) -> str:
        cache = self.index.rendered
        key = (msg, self.lang)
        text = cache.get(key)
        if text is None:
            text = render(msg, self.lang, self._name_of)
            if len(cache) >= RENDER_CACHE_SIZE:
                cache.clear()
            cache[key] = text
        return text

    def verdict(self) -> Verdict:
        parsed = self.parsed
        msgs = self.msgs
        techniques = self.techniques
        if parsed.hidden:
            msgs.append(Msg.of("hidden", codes=", ".join(parsed.hidden)))
            if self.status != Status.OFFICIAL:
                techniques.append(T.HIDDEN_CHARACTERS)
        if parsed.stylised:
            msgs.append(Msg.of("stylised"))
        msgs += self.tails
        cache = self.index.rendered
        lang = self.lang
        reasons: list[str] = []
        for msg in msgs:
            text = cache.get((msg, lang))
            if text is None:
                text = self._render(msg)
            reasons.append(text)
        return Verdict(
            status=self.status,
            platform=self.platform,
            channel_kind=self.kind,
            matched=self.matched,
            reasons=tuple(reasons),
            normalized=parsed.normalized,
            techniques=tuple([t.value if isinstance(t, T) else t for t in techniques]),
        )
