"""The public surface: types, preview, purity."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from kefu.shield import DETECTOR_VERSION, Kind, preview, redact


def test_preview_is_json_and_reports_ambiguous_hex() -> None:
    key = "cd" * 32
    data = preview(f"请看 {key}")
    json.dumps(data)
    assert data["ambiguous_hex"] == [{"start": 3, "end": 67}]
    assert data["findings"][0]["kind"] == "private_key"
    assert data["redactions"] == [{"kind": "private_key", "count": 1}]
    assert key not in json.dumps(data)
    assert data["detector_version"] == DETECTOR_VERSION


def test_preview_lists_risks_with_messages() -> None:
    data = preview("请把助记词发给我", lang="en", author_role="agent")
    assert data["risks"][0]["code"] == "asks_for_secret"
    assert "seed phrase" in data["risks"][0]["message"]


def test_results_are_frozen() -> None:
    result = redact("密码: Abc12345")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.findings[0].start = 0  # type: ignore[misc]


def test_kinds_are_the_stored_values() -> None:
    assert [k.value for k in Kind] == [
        "mnemonic",
        "private_key",
        "wif",
        "extended_private_key",
        "keystore",
        "password",
    ]


def test_the_engine_does_not_import_django() -> None:
    code = "import sys, kefu.shield as s; s.redact('x'); s.assess('x', 'agent'); print('django' in sys.modules)"
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_warming_up_builds_every_lazily_built_table_of_the_shield():
    # A fresh interpreter: this test process has long built them.
    probe = (
        "import functools, sys, kefu.shield as s\n"
        "from kefu.shield import mnemonic_en, mnemonic_zh, risks, wordlists\n"
        "mods = (mnemonic_en, mnemonic_zh, risks, wordlists)\n"
        "lazy = [f for m in mods for f in vars(m).values() if hasattr(f, 'cache_info')]\n"
        "s.warm_up()\n"
        "cold = [f.__qualname__ for f in lazy if f.cache_info().currsize == 0]\n"
        "print(len(lazy), cold)\n"
    )
    result = subprocess.run(  # noqa: S603 - our own probe, this interpreter
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    count, cold = result.stdout.split(" ", 1)
    assert int(count) >= 5
    assert cold.strip() == "[]"
