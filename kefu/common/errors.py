"""Typed domain errors, mapped once to problem+json (config/api.py) and to form errors (views)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    TRANSITION_REFUSED = "transition_refused"
    VERSION_CONFLICT = "version_conflict"
    RATE_LIMITED = "rate_limited"
    UNSAFE_MESSAGE = "unsafe_message"
    TOO_LARGE = "too_large"
    UNSUPPORTED_FILE = "unsupported_file"
    QUARANTINED = "quarantined"
    CONFLICT = "conflict"


STATUS_BY_CODE = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.INVALID: 422,
    ErrorCode.TRANSITION_REFUSED: 409,
    ErrorCode.VERSION_CONFLICT: 412,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.UNSAFE_MESSAGE: 422,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_FILE: 415,
    ErrorCode.QUARANTINED: 422,
    ErrorCode.CONFLICT: 409,
}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    code: ErrorCode = ErrorCode.INVALID

    def __init__(
        self,
        detail: str,
        *,
        code: ErrorCode | None = None,
        errors: list[FieldError] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = str(detail)
        if code is not None:
            self.code = code
        self.errors = errors or []

    @property
    def status(self) -> int:
        return STATUS_BY_CODE[self.code]


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class Forbidden(DomainError):
    code = ErrorCode.FORBIDDEN


class Invalid(DomainError):
    code = ErrorCode.INVALID


class TransitionRefused(DomainError):
    code = ErrorCode.TRANSITION_REFUSED


class VersionConflict(DomainError):
    code = ErrorCode.VERSION_CONFLICT


class RateLimited(DomainError):
    code = ErrorCode.RATE_LIMITED


class UnsafeMessage(DomainError):
    code = ErrorCode.UNSAFE_MESSAGE
