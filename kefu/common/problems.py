"""RFC 9457 problem+json responses."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    type_: str = "about:blank",
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"urn:kefu:problem:{type_}" if type_ != "about:blank" else type_,
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/problem+json; charset=utf-8",
    )
