"""Idempotency-Key support for creating POSTs: a repeat returns the first answer again.

The answer is stored in the same transaction as what the request created (the service calls
`idempotency_record` from inside it), so either both exist or neither does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from kefu.common.db import statements
from kefu.common.errors import DomainError, ErrorCode, FieldError
from kefu.common.models import IdempotencyRecord

MAX_KEY_LENGTH = 200


def idempotency_scope(*, principal: str, path: str, body: bytes) -> str:
    """Bound to who asked, where, and with what body: another client reusing the same key
    (or the same key with another body) never receives someone else's answer."""
    raw = principal.encode() + b"\0" + path.encode() + b"\0" + body
    return hashlib.sha256(raw).hexdigest()


def idempotency_check_key(key: str | None) -> str | None:
    if key is not None and not 0 < len(key) <= MAX_KEY_LENGTH:
        raise DomainError(
            "The Idempotency-Key header must be 1 to 200 characters.",
            code=ErrorCode.INVALID,
            errors=[FieldError("Idempotency-Key", "1 to 200 characters.")],
        )
    return key


def idempotency_lookup(*, scope: str, key: str) -> tuple[int, dict[str, Any]] | None:
    record = statements.select_one(IdempotencyRecord, '"scope" = %s AND "key" = %s', [scope, key])
    return None if record is None else (record.status_code, record.response)


def idempotency_record(*, scope: str, key: str, status: int, answer: dict[str, Any]) -> None:
    """Call inside the creating transaction; a concurrent twin fails here with IntegrityError."""
    statements.insert(
        [IdempotencyRecord(scope=scope, key=key, status_code=status, response=answer)]
    )


def run_idempotent(
    *, key: str | None, scope: str, create: Callable[[], tuple[int, dict[str, Any]]]
) -> tuple[int, dict[str, Any]]:
    """For small creates: run `create` and store its answer in one transaction.

    (Ticket intake instead records the answer from inside its own short transaction, so its
    validation and shielding run before the write lock is taken.)
    """
    if not idempotency_check_key(key):
        return create()
    assert key is not None
    existing = idempotency_lookup(scope=scope, key=key)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            status, answer = create()
            idempotency_record(scope=scope, key=key, status=status, answer=answer)
    except IntegrityError:
        existing = idempotency_lookup(scope=scope, key=key)
        if existing is None:
            raise
        return existing
    return status, answer
