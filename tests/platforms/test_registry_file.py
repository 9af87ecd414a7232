"""`kefu registry import` / `export`: the shipped registry into the database and back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kefu.config.cli import main
from kefu.platforms import selectors, services
from kefu.platforms.models import OfficialChannel, Platform

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).resolve().parents[2] / "kefu" / "data" / "registry.json"


def shipped() -> dict[str, object]:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def test_importing_the_shipped_registry_keeps_each_channels_source() -> None:
    summary = services.registry_import(data=shipped())

    assert summary.problems == []
    assert summary.platforms_created == 25
    okex = OfficialChannel.objects.get(platform__slug="okx", value="okex.com")
    assert okex.source.startswith("from general knowledge")
    assert okex.label == "former name (OKEx), legacy domain"


def test_importing_twice_changes_nothing() -> None:
    services.registry_import(data=shipped())

    again = services.registry_import(data=shipped())

    assert (again.platforms_created, again.channels_added, again.channels_updated) == (0, 0, 0)


def test_imported_platforms_are_verified(anon_api: object) -> None:
    services.registry_import(data=shipped())

    body = anon_api.post("/verify", {"value": "binance-support.help"}).json()  # type: ignore[attr-defined]

    assert (body["status"], body["platform"]) == ("impersonation", "binance")


def test_a_file_with_a_bad_channel_is_refused_whole() -> None:
    data = {
        "platforms": [
            {"slug": "good", "name": "Good", "channels": [{"kind": "website", "value": "good.io"}]},
            {"slug": "bad", "name": "Bad", "channels": [{"kind": "phone", "value": "call me"}]},
        ]
    }

    summary = services.registry_import(data=data)

    assert summary.problems == ["platforms[1].channels[0]: 'call me' is not a phone (not_phone)"]
    assert not Platform.objects.exists()


def test_export_then_import_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.registry_import(data=shipped())
    exported = selectors.registry_export()
    Platform.objects.all().delete()

    services.registry_import(data=exported)

    assert selectors.registry_export() == exported


def test_the_cli_imports_a_file_and_exports_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["registry", "import", str(SHIPPED)]) == 0
    capsys.readouterr()

    assert main(["registry", "export"]) == 0

    exported = json.loads(capsys.readouterr().out)
    assert len(exported["platforms"]) == 25
