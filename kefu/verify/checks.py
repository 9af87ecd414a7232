"""Look-alike analysis: turns a parsed identifier into findings (platform, techniques, reasons)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .index import (
    COMMON,
    DISTINCT,
    GENERIC,
    SHORT,
    TOKEN_SPLIT,
    Brand,
    Index,
    Official,
)
from .model import Technique as T
from .normalize import Host
from .reasons import Msg
from .similarity import KEYBOARD, Change, describe
from .skeleton import fold_ascii, scripts_of, to_latin

# Scores decide which platform a multi-match is attributed to, strongest first.
S_USERINFO = 95
S_SUBDOMAIN_DOMAIN = 90
S_HOMOGLYPH = 85
S_OTHER_TLD = 80
S_LOOKALIKE_HANDLE = 80
S_COMBO = 75
S_TYPO = 70
S_SUBLABEL = 65
S_SHORT_COMBO = 60
S_PATH = 40

_DIGIT = re.compile(r"\d")
_PLAIN = re.compile(r"[a-z01]+")
_LEADING = re.compile(r"[a-z]+")
_SKIP_SUBLABELS = frozenset({"www", "m", "mail", "en", "zh", "cn", "app", "api", "web", "wap"})


@dataclass(slots=True)
class Finding:
    platform: str
    score: int
    matched: str
    techniques: list[str] = field(default_factory=list)
    msgs: list[Msg] = field(default_factory=list)


def _affix(original: str, skel: str, start: int, end: int) -> str:
    """The part of ``original`` outside ``skel[start:end]`` (best effort when lengths differ)."""
    if len(original) == len(skel):
        rest = original[:start] + " " + original[end:]
    else:
        rest = original
    return " ".join(p for p in TOKEN_SPLIT.sub(" ", rest).split() if p) or original


def _change_techniques(changes: tuple[Change, ...], label: str) -> list[str]:
    techs: list[str] = []
    non_hyphen = [c for c in changes if not (c.op == "insert" and c.b == "-")]
    if len(non_hyphen) != len(changes):
        techs.append(T.HYPHENATION)
    if non_hyphen:
        lookalike = all(
            c.op == "replace" and fold_ascii(to_latin(c.a)) == fold_ascii(to_latin(c.b))
            for c in non_hyphen
        )
        techs.append(T.HOMOGLYPH if lookalike else T.TYPOSQUAT)
        if len(non_hyphen) == 1 and non_hyphen[0].is_bitflip:
            techs.append(T.BITSQUAT)
    if not label.isascii():
        techs.append(T.PUNYCODE)
    return techs


def _bitsquat_msgs(changes: tuple[Change, ...]) -> list[Msg]:
    return [Msg.of("bitsquat", a=c.a, b=c.b) for c in changes if c.is_bitflip][:1]


def _whole_label(
    index: Index, brand: Brand, label: str, suffix: str, host: Host, sub: bool
) -> Finding | None:
    plain = label.replace("-", "")
    same = plain == brand.token
    suffix_ok = suffix in brand.suffixes or sub
    if sub and brand.cls in {COMMON, GENERIC}:
        return None
    if brand.joined:
        return Finding(
            brand.platform,
            S_SHORT_COMBO,
            brand.domain,
            [T.COMBO_SQUAT],
            [Msg.of("combo_plain", what="website", brand=label, name=brand.platform,
                    official=brand.domain)],
        )  # fmt: skip
    if brand.cls == GENERIC and (same or not suffix_ok):
        return None
    finding = Finding(brand.platform, S_OTHER_TLD, brand.domain)
    if not same or "-" in label:
        changes = describe(label, brand.token)
        finding.techniques += _change_techniques(changes, label)
        finding.msgs.append(
            Msg.of("imitates_changes", what="website", official=brand.domain, changes=changes)
        )
        finding.msgs += _bitsquat_msgs(changes)
        finding.score = S_HOMOGLYPH
    if not suffix_ok:
        finding.techniques.append(T.OTHER_TLD)
        if brand.suffixes:
            key = "free_hosting" if index.psl.is_private(suffix) else "other_tld"
            finding.msgs.append(Msg.of(key, official=brand.domain, suffix=suffix))
        elif same:
            finding.msgs.append(
                Msg.of("combo_plain", what="website", brand=label, name=brand.platform,
                       official=brand.domain)
            )  # fmt: skip
    if host.is_idn and T.PUNYCODE not in finding.techniques and not label.isascii():
        finding.techniques.append(T.PUNYCODE)
    return finding if finding.techniques or sub else None


def _typo(index: Index, word: str, label: str, suffix: str, what: str) -> list[Finding]:
    out: list[Finding] = []
    for light, _dist in index.fuzzy.lookup(word):
        if not plausible_typo(word, light):
            continue
        for brand in index.by_light[light]:
            changes = describe(
                label.replace("-", "") if "-" not in brand.token else label, brand.token
            )
            techs = _change_techniques(changes, label)
            if T.TYPOSQUAT not in techs and T.HOMOGLYPH not in techs:
                techs.insert(0, T.TYPOSQUAT)
            msgs = [Msg.of("imitates_changes", what=what, official=brand.domain, changes=changes)]
            msgs += _bitsquat_msgs(changes)
            if suffix and brand.suffixes and suffix not in brand.suffixes:
                techs.append(T.OTHER_TLD)
            out.append(Finding(brand.platform, S_TYPO, brand.domain, techs, msgs))
    return out


def plausible_typo(query: str, word: str) -> bool:
    """Chromium-style filters for short names (<= 6 letters), where one edit turns a
    brand into an ordinary word: a query under 5 letters, or an edit only at the first
    letter (``hover``/``kover``, ``flavor``/``lavor``), does not count, unless that first
    letter is a keyboard neighbour, a doubled letter or a one-bit flip of the brand's."""
    if len(word) > 6:
        return True
    if len(query) < 5:
        return False
    if len(query) == len(word) and query[1:] == word[1:]:
        change = Change("replace", word[0], query[0])
        return change.is_keyboard or change.is_bitflip
    if query[1:] == word:  # a letter typed before the name: doubled or a neighbouring key
        return query[0] == word[0] or query[0] in KEYBOARD.get(word[0], frozenset())
    return query != word[1:]


def _combo_ok(brand: Brand, others: list[str], index: Index, handle: bool, digits: bool) -> bool:
    if brand.cls == DISTINCT:
        return True
    if brand.cls == SHORT:
        return handle or any(o in index.kw or o in index.tld_words for o in others)
    if brand.cls == COMMON:
        return (handle and digits) or any(o in index.affixes for o in others)
    return False


def _segments(rest: str, words: frozenset[str], depth: int = 0) -> bool:
    """Can ``rest`` be split into known affix words (``customercare``)?"""
    if not rest:
        return depth > 0
    if depth >= 3 or len(rest) > 24:
        return False
    return any(
        rest[:i] in words and _segments(rest[i:], words, depth + 1) for i in range(2, len(rest) + 1)
    )


def token_findings(
    index: Index, original: str, skel: str, what: str, handle: bool = False
) -> list[Finding]:
    """Brand names inside a label or handle: as a token, glued to an affix, or misspelt."""
    out: list[Finding] = []
    if not handle and _PLAIN.fullmatch(skel):
        # One token, already compared whole: only a glued brand is left to find.
        for brand, start in _glued(index, skel):
            if all(f.platform != brand.platform for f in out):
                extra = _affix(original, skel, start, start + len(brand.skel))
                out.append(_combo_finding(index, brand, extra, what, handle, original))
        return out
    tokens = [t for t in TOKEN_SPLIT.split(skel) if t]
    digits = _DIGIT.search(original) is not None
    seen: set[str] = set()
    for pos, tok in enumerate(tokens):
        others = tokens[:pos] + tokens[pos + 1 :]
        brands = index.by_skel.get(tok)
        if brands:
            if tok == skel and not handle:
                continue  # the whole label: judged by label_findings
            for brand in brands:
                if brand.platform in seen or not _combo_ok(brand, others, index, handle, digits):
                    continue
                seen.add(brand.platform)
                start = skel.find(tok)
                extra = _affix(original, skel, start, start + len(tok))
                out.append(_combo_finding(index, brand, extra, what, handle, original))
            continue
        if tok in index.affixes:
            continue
        if len(tok) >= 4 and (handle or any(o in index.kw for o in others)):
            query = _light_token(original, skel, tok)
            for light_hit, _d in index.fuzzy.lookup(query):
                if not handle and not plausible_typo(query, light_hit):
                    continue
                for brand in index.by_light[light_hit]:
                    if brand.platform in seen:
                        continue
                    seen.add(brand.platform)
                    start = skel.find(tok)
                    shown = (
                        original[start : start + len(tok)] if len(original) == len(skel) else tok
                    )
                    changes = describe(shown, brand.token)
                    f = _combo_finding(index, brand, _affix(original, skel, start, start + len(tok)),
                                       what, handle, original)  # fmt: skip
                    f.techniques.append(T.HANDLE_LOOKALIKE if handle else T.TYPOSQUAT)
                    f.msgs.insert(0, Msg.of("imitates_changes", what=what, official=brand.token,
                                            changes=changes))  # fmt: skip
                    f.score = S_TYPO
                    out.append(f)
        for brand, start in _glued(index, tok):
            if brand.platform in seen:
                continue
            seen.add(brand.platform)
            begin = skel.find(tok) + start
            extra = _affix(original, skel, begin, begin + len(brand.skel))
            out.append(_combo_finding(index, brand, extra, what, handle, original))
    return out


def _light_token(original: str, skel: str, tok: str) -> str:
    """The one-to-one folded form of ``tok`` (undoing ``cl→d`` when lengths allow)."""
    if len(original) == len(skel):
        start = skel.find(tok)
        return original[start : start + len(tok)]
    return tok


def _glued(index: Index, tok: str) -> list[tuple[Brand, int]]:
    """Brands glued inside one token: ``binanceverify``, ``wwwbinance``, ``okxkefu``."""
    found: list[tuple[Brand, int]] = []
    n = len(tok)
    by_tri = index.distinct_by_trigram
    for i in range(n - 4):
        candidates = by_tri.get(tok[i : i + 3])
        if not candidates:
            continue
        for skel in candidates:
            if len(skel) < n and tok.startswith(skel, i):
                if len(skel) <= 5:
                    # A five-letter name inside a longer word (lavor in flavor) needs
                    # the rest to be affix words: bybitverify, wwwupbit.
                    head, tail = tok[:i], tok[i + len(skel) :]
                    if (head and not _segments(head, index.affixes)) or (
                        tail and not _segments(tail, index.affixes)
                    ):
                        continue
                found.extend((b, i) for b in index.by_skel[skel] if b.cls == DISTINCT)
    if found or (tok[:3] not in index.edge_heads and tok[-3:] not in index.edge_tails):
        return found
    for length in index.edge_lengths:
        if length >= n - 1:
            break
        for brand_skel, rest, start in (
            (tok[:length], tok[length:], 0),
            (tok[-length:], tok[:-length], n - length),
        ):
            for brand in index.by_skel.get(brand_skel, ()):
                if brand.cls == SHORT and _segments(rest, index.affixes):
                    found.append((brand, start))
                elif brand.cls == COMMON and _segments(rest, index.affixes):
                    found.append((brand, start))
    return found
    for i in range(2, n - 1):
        head, tail = tok[:i], tok[i:]
        for brand_skel, rest, start in ((head, tail, 0), (tail, head, i)):
            for brand in index.by_skel.get(brand_skel, ()):
                if brand.cls == SHORT and _segments(rest, index.affixes):
                    found.append((brand, start))
                elif brand.cls == COMMON and _segments(rest, index.affixes):
                    found.append((brand, start))
    return found


def _combo_finding(
    index: Index, brand: Brand, extra: str, what: str, handle: bool, original: str
) -> Finding:
    score = S_COMBO if brand.cls == DISTINCT else S_SHORT_COMBO
    if handle:
        return Finding(
            brand.platform, score, brand.domain, [T.BRAND_IN_HANDLE],
            [Msg.of("brand_in_handle", brand=brand.token, name=brand.platform)],
        )  # fmt: skip
    key = "combo" if extra and extra != original else "combo_plain"
    return Finding(
        brand.platform, score, brand.domain, [T.COMBO_SQUAT],
        [Msg.of(key, what=what, brand=brand.token, extra=extra, name=brand.platform,
                official=brand.domain)],
    )  # fmt: skip


def label_findings(
    index: Index, host: Host, pos: int, what: str = "website", sub: bool = False
) -> list[Finding]:
    """Findings for one label of ``host`` (the registrable label or a subdomain label)."""
    label = host.ulabels[pos]
    lat = to_latin(label)
    skel = fold_ascii(lat)
    flat = skel.replace("-", "").replace("_", "")
    suffix = host.suffix
    brands = index.by_skel.get(skel) or index.by_skel.get(flat)
    if brands:
        out = [
            f for b in brands if (f := _whole_label(index, b, label, suffix, host, sub)) is not None
        ]
        return out
    light = lat.replace("-", "").replace("_", "")
    out = _typo(index, light, label, suffix, what) if len(light) >= 4 else []
    if out:
        return out
    return token_findings(index, lat, skel, what)


def host_findings(index: Index, host: Host, what: str = "website") -> list[Finding]:
    """All look-alike findings for a host that is neither official nor allowlisted."""
    reg = host.reg_index
    out = label_findings(index, host, reg, what)
    labels = host.labels
    rd = host.registrable
    covered: set[int] = set()
    n = len(labels)
    for i in range(n - 1):
        for k in (2, 3):
            end = i + k
            if end > n:
                break
            # bitpie.com.verify-wallet.io, gate.io.eu, crypto.com.cn (whole labels), or
            # ledger.com-client.email, ledger.com1628.support (glued to more text).
            head, last = labels[i : end - 1], labels[end - 1]
            official = index.official_rd.get(".".join([*head, last])) if end < n else None
            glued = False
            if official is None and not last.isalpha():
                match = _LEADING.match(last)
                if match is not None and match.end() < len(last):
                    official = index.official_rd.get(".".join([*head, match.group(0)]))
                    glued = True
            if official is None:
                continue
            covered.update(range(i, end))
            if glued or end <= reg:
                tech, msg = (
                    T.SUBDOMAIN_TRICK,
                    Msg.of("subdomain_trick", official=official.norm, rd=rd),
                )
            else:
                tech, msg = (
                    T.OTHER_TLD,
                    Msg.of("other_tld", official=official.norm, suffix=host.suffix),
                )
            out.append(Finding(official.platform, S_SUBDOMAIN_DOMAIN, official.norm, [tech], [msg]))
    for i in range(reg):
        if labels[i] in _SKIP_SUBLABELS or i in covered:
            continue
        for f in label_findings(index, host, i, what, sub=True):
            if T.OTHER_TLD in f.techniques:
                f.techniques.remove(T.OTHER_TLD)
                f.msgs = [m for m in f.msgs if m.key not in {"other_tld", "free_hosting"}]
            f.techniques.append(T.SUBDOMAIN_TRICK)
            brand = host.ulabels[i]
            f.msgs.append(Msg.of("subdomain_brand", brand=brand, name=f.platform, rd=rd))
            f.score = min(f.score, S_SUBLABEL)
            out.append(f)
    return _with_punycode(out, host)


def _with_punycode(out: list[Finding], host: Host) -> list[Finding]:
    if host.is_idn and out:
        scripts = tuple(scripts_of("".join(u for u in host.ulabels if not u.isascii())))
        msg = Msg.of("punycode", ascii=host.ascii, unicode=host.unicode, scripts=scripts)
        for f in out:
            if T.PUNYCODE not in f.techniques:
                f.techniques.append(T.PUNYCODE)
            f.msgs.append(msg)
    return out


def handle_findings(index: Index, handle: str, kinds: tuple[str, ...], what: str) -> list[Finding]:
    """Findings for a Telegram/X handle, WeChat ID or e-mail local part."""
    lat = to_latin(handle)
    skel = fold_ascii(lat)
    flat = skel.replace("_", "").replace(".", "").replace("-", "")
    out: list[Finding] = []
    for off in index.handle_skel.get(flat, ()):
        if off.norm != handle or off.kind not in kinds:
            changes = describe(handle, off.norm)
            out.append(_lookalike(off, changes, what, S_LOOKALIKE_HANDLE))
    if not out and len(flat) >= 4:
        light = lat.replace("_", "").replace(".", "").replace("-", "")
        for hit, _d in index.handle_fuzzy.lookup(light):
            for off in index.handle_light[hit]:
                changes = describe(handle, off.norm)
                out.append(_lookalike(off, changes, what, S_TYPO))
    brands = index.by_skel.get(flat)
    if brands:
        for brand in brands:
            if brand.cls in {DISTINCT, SHORT, COMMON} and brand.platform not in {
                f.platform for f in out
            }:
                out.append(_combo_finding(index, brand, "", what, True, handle))
    else:
        out += token_findings(index, lat, skel, what, handle=True)
    if out and any(c.isdigit() for c in handle):
        for f in out:
            f.msgs.append(Msg.of("handle_digits"))
    return out


def _lookalike(off: Official, changes: tuple[Change, ...], what: str, score: int) -> Finding:
    techs: list[str] = [T.HANDLE_LOOKALIKE]
    shown = off.norm if off.kind == "wechat" else "@" + off.norm
    if not changes:
        msg = Msg.of("same_handle_other_kind", handle=shown, kind=off.kind, name=off.platform)
        return Finding(off.platform, score, shown, techs, [msg])
    if any(
        c.op == "replace" and fold_ascii(to_latin(c.a)) == fold_ascii(to_latin(c.b))
        for c in changes
    ):
        techs.append(T.HOMOGLYPH)
    return Finding(
        off.platform, score, shown, techs,
        [Msg.of("imitates_changes", what=what, official=shown, changes=changes)],
    )  # fmt: skip


def brand_classes_ok(brand: Brand) -> bool:
    return brand.cls != GENERIC
