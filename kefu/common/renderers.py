"""The API's JSON: UTF-8 text, written by orjson.

django-ninja's default renderer is the standard library's `json.dumps`, which escapes every
Chinese character as `\\uXXXX` (6 bytes instead of UTF-8's 3, on a phone's connection) and
encodes in Python. orjson writes UTF-8, in C. Values JSON has no type for (times, decimals,
pydantic models, URLs) still take ninja's encoder, so they are written exactly as before:
times as Django writes them (ISO 8601, milliseconds, `Z`), decimals as strings. Enums are
written as their value.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


class UTF8JSONRenderer(BaseRenderer):
    media_type = "application/json"
    charset = "utf-8"
    _encoder = NinjaJSONEncoder()

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data, default=self._encoder.default, option=_OPTIONS)
