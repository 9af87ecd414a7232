"""Property tests: check() never raises; official values always come back official."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kefu.verify import Registry, Status

from .corpus import FIXTURE, load_fixture

_REGISTRY = Registry.load(FIXTURE)

_identifierish = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz0123456789.-_@/:+ ")
                             + list("іοаеху０１。．＠\u200b\u00ad币安客服")),
    max_size=60,
)  # fmt: skip


@settings(
    max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None, database=None
)
@given(st.text(max_size=300))
def test_check_never_raises_on_arbitrary_text(text: str) -> None:
    verdict = _REGISTRY.check(text)
    assert verdict.status in set(Status)
    assert verdict.reasons


@settings(max_examples=400, deadline=None, database=None)
@given(_identifierish)
def test_check_never_raises_on_identifier_like_text(text: str) -> None:
    verdict = _REGISTRY.check(text, lang="en")
    assert verdict.to_dict()["status"] in {s.value for s in Status}


def _official_values(kinds: frozenset[str] = frozenset()) -> list[str]:
    values: list[str] = []
    for platform in load_fixture()["platforms"]:
        for channel in platform["channels"]:
            if kinds and channel["kind"] not in kinds:
                continue
            value = channel["value"]
            if channel["kind"] == "wechat":
                value = "wechat:" + value
            elif channel["kind"] == "app":
                value = "app:" + value
            values.append(value)
    return values


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.sampled_from(_official_values()),
    st.sampled_from(["", " ", "\u200b"]),
    st.sampled_from(["", "/", "/path?x=1", "."]),
    st.booleans(),
)
def test_official_values_come_back_official(value: str, pad: str, tail: str, upper: bool) -> None:
    text = value.upper() if upper and "@" not in value and ":" not in value else value
    if "." in value and "@" not in value and "/" not in value and ":" not in value:
        text = text + tail
    verdict = _REGISTRY.check(pad + text + pad)
    assert verdict.status == Status.OFFICIAL, (text, verdict)


@settings(max_examples=150, deadline=None, database=None)
@given(st.sampled_from(_official_values(frozenset({"website"}))))
def test_official_subdomains_are_official(value: str) -> None:
    host = value.split("//")[-1].split("/")[0]
    assert _REGISTRY.check(f"https://login.secure.{host}/").status == Status.OFFICIAL
