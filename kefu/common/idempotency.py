"""Idempotency-Key support for creating POSTs: a repeat returns the first answer again."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from kefu.common.errors import DomainError, ErrorCode
from kefu.common.models import IdempotencyRecord

Answer = tuple[int, dict[str, Any]]


def idempotency_scope(*, principal: str, path: str, body: bytes) -> str:
    """Bound to who asked, where, and with what body: another client reusing the same key
    (or the same key with another body) never receives someone else's answer."""
    raw = principal.encode() + b"\0" + path.encode() + b"\0" + body
    return hashlib.sha256(raw).hexdigest()


def run_idempotent(
    *,
    key: str | None,
    scope: str,
    create: Callable[[], Answer],
    redact_for_storage: Callable[[dict[str, Any]], dict[str, Any]] = lambda answer: answer,
    restore: Callable[[dict[str, Any]], dict[str, Any]] = lambda stored: stored,
) -> Answer:
    if not key:
        return create()
    if len(key) > 200:
        raise DomainError(
            "The Idempotency-Key header is longer than 200 characters.", code=ErrorCode.INVALID
        )
    existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
    if existing is not None:
        return existing.status_code, restore(existing.response)
    try:
        with transaction.atomic():
            status, answer = create()
            IdempotencyRecord.objects.create(
                scope=scope, key=key, status_code=status, response=redact_for_storage(answer)
            )
    except IntegrityError:
        # A concurrent request with the same key won: ours rolled back whole; answer with theirs.
        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if existing is None:
            raise
        return existing.status_code, restore(existing.response)
    return status, answer
