"""The API writes UTF-8 JSON, with every value as ninja's own encoder writes it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum

import pytest
from ninja.responses import NinjaJSONEncoder

from kefu.common.renderers import UTF8JSONRenderer

pytestmark = pytest.mark.django_db


def test_a_chinese_answer_is_utf8_not_escapes(anon_api, open_ticket):
    opened = open_ticket(subject="提现三天没有到账")
    response = anon_api.get(f"/tickets/{opened['reference']}", access_token=opened["access_token"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "提现三天没有到账".encode() in response.content
    assert b"\\u" not in response.content
    assert response.json()["subject"] == "提现三天没有到账"


class Tier(Enum):
    FIRST = "first"


def test_values_json_has_no_type_for_are_written_as_ninjas_encoder_writes_them():
    data = {
        "at": datetime(2026, 11, 26, 1, 2, 3, 456789, tzinfo=UTC),
        "amount": Decimal("1250.50"),
        "nested": [{"when": datetime(2026, 1, 1, tzinfo=UTC)}],
        7: "a key that is a number",
    }
    written = UTF8JSONRenderer().render(None, data, response_status=200)  # type: ignore[arg-type]
    assert json.loads(written) == json.loads(json.dumps(data, cls=NinjaJSONEncoder))
    assert json.loads(written)["at"] == "2026-11-26T01:02:03.456Z"


def test_an_enum_is_written_as_its_value():
    written = UTF8JSONRenderer().render(None, {"tier": Tier.FIRST}, response_status=200)  # type: ignore[arg-type]
    assert json.loads(written) == {"tier": "first"}  # ninja's encoder wrote "Tier.FIRST"


@dataclass
class _Opaque:
    value: object


def test_a_value_no_encoder_knows_is_refused_not_written_half():
    with pytest.raises(TypeError):
        UTF8JSONRenderer().render(None, {"x": _Opaque(object())}, response_status=200)  # type: ignore[arg-type]
