"""Registrable-domain lookup over tldextract's bundled Public Suffix List snapshot.

tldextract is only used as the carrier of the PSL file: we read its bundled
``.tld_set_snapshot`` with :mod:`importlib.resources` and never call its
extractor, so nothing here can reach the network. The lookup is a few set
membership tests per host (about 1 µs, against about 5 µs for a
``TLDExtract`` call), which matters at 50,000 checks per second.

Private suffixes (``github.io``, ``vercel.app``, ``com.ru``…) are included on
purpose: ``login-binance.github.io`` belongs to whoever registered
``login-binance``, not to GitHub.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

_PRIVATE_MARKER = "// ===BEGIN PRIVATE DOMAINS==="


def _to_ascii(rule: str) -> str | None:
    if rule.isascii():
        return rule.lower()
    out: list[str] = []
    for label in rule.split("."):
        if label.isascii():
            out.append(label.lower())
            continue
        try:
            out.append("xn--" + label.lower().encode("punycode").decode("ascii"))
        except UnicodeError:  # pragma: no cover - defensive, the PSL is well formed
            return None
    return ".".join(out)


@dataclass(frozen=True, slots=True)
class SuffixList:
    """Parsed PSL: exact rules, wildcard parents and exception rules (all ASCII)."""

    rules: frozenset[str]
    wildcards: frozenset[str]
    exceptions: frozenset[str]
    private: frozenset[str]
    nodes: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> SuffixList:
        rules: set[str] = set()
        wildcards: set[str] = set()
        exceptions: set[str] = set()
        private: set[str] = set()
        in_private = False
        for raw in text.splitlines():
            line = raw.strip()
            if line.startswith(_PRIVATE_MARKER):
                in_private = True
                continue
            if not line or line.startswith("//"):
                continue
            rule = line.split()[0]
            if rule.startswith("!"):
                ascii_rule = _to_ascii(rule[1:])
                if ascii_rule:
                    exceptions.add(ascii_rule)
                continue
            if rule.startswith("*."):
                ascii_rule = _to_ascii(rule[2:])
                if ascii_rule:
                    wildcards.add(ascii_rule)
                    if in_private:
                        private.add(ascii_rule)
                continue
            ascii_rule = _to_ascii(rule)
            if ascii_rule:
                rules.add(ascii_rule)
                if in_private:
                    private.add(ascii_rule)
        nodes: set[str] = set()
        for rule in rules | wildcards | exceptions:
            parts = rule.split(".")
            for i in range(len(parts)):
                nodes.add(".".join(parts[i:]))
        return cls(
            frozenset(rules),
            frozenset(wildcards),
            frozenset(exceptions),
            frozenset(private),
            frozenset(nodes),
        )

    def suffix_length(self, labels: list[str]) -> int:
        """Number of trailing labels forming the public suffix (at least 1)."""
        n = len(labels)
        # Walk right to left only while the tail is a node of the rule tree: for
        # ``www.example.com`` that is two set probes instead of a join per label.
        start = n - 1
        tail = labels[-1]
        nodes = self.nodes
        while start > 0:
            longer = labels[start - 1] + "." + tail
            if longer not in nodes and tail not in self.wildcards:
                break
            start -= 1
            tail = longer
        return self._longest(labels[start:]) if start else self._longest(labels)

    def _longest(self, labels: list[str]) -> int:
        n = len(labels)
        rules = self.rules
        for i in range(n):
            candidate = ".".join(labels[i:])
            if candidate in self.exceptions:
                return n - i - 1
            if candidate in rules:
                return n - i
            if i + 1 < n and ".".join(labels[i + 1 :]) in self.wildcards:
                return n - i
        return 1

    def is_private(self, suffix: str) -> bool:
        return suffix in self.private


@functools.cache
def bundled() -> SuffixList:
    """The PSL snapshot shipped inside the installed tldextract package."""
    text = resources.files("tldextract").joinpath(".tld_set_snapshot").read_text("utf-8")
    return SuffixList.parse(text)
