"""The NinjaAPI object: routers, authentication of the caller, and the one error mapping."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kefu.accounts.actors import ANONYMOUS, Actor, actor_for_user
from kefu.accounts.services import api_token_authenticate
from kefu.common.errors import DomainError
from kefu.common.problems import problem
from kefu.common.renderers import UTF8JSONRenderer

log = logging.getLogger("kefu.api")

api = NinjaAPI(
    title="Kefu API",
    version="1",
    description="Customer service and complaints for blockchain platforms. "
    "Errors are RFC 9457 problem+json with field-level details.",
    urls_namespace="api",
    renderer=UTF8JSONRenderer(),
)


def _csrf_failure_reason(request: HttpRequest) -> str | None:
    middleware = CsrfViewMiddleware(lambda r: HttpResponse())
    response = middleware.process_view(request, lambda r: HttpResponse(), (), {})
    return None if response is None else "CSRF check failed"


def actor_from_request(request: HttpRequest) -> Actor:
    """Bearer token first, then the browser session (with CSRF on writes), else anonymous."""
    cached = getattr(request, "_kefu_actor", None)
    if cached is not None:
        return cached
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise AuthenticationError(message="Use 'Authorization: Bearer <token>'.")
        user = api_token_authenticate(secret.strip())
        if user is None:
            raise AuthenticationError(message="The API token is unknown or revoked.")
        actor = actor_for_user(user)
    elif request.user.is_authenticated:
        if request.method not in ("GET", "HEAD", "OPTIONS") and _csrf_failure_reason(request):
            raise AuthenticationError(message="CSRF token missing or incorrect.")
        actor = actor_for_user(request.user)
    else:
        actor = ANONYMOUS
    request._kefu_actor = actor  # type: ignore[attr-defined]
    return actor


def _field_path(loc: tuple[object, ...] | list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "form", "file")]
    path = ""
    for part in parts:
        path += f"[{part}]" if part.isdigit() else (f".{part}" if path else part)
    return path or "body"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_path(err.get("loc", ())), "message": str(err.get("msg", "invalid"))}
        for err in exc.errors
    ]
    return problem(
        422, "Invalid request", "Some fields need attention.", errors=errors, type_="validation"
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors = [{"field": e.field, "message": e.message} for e in exc.errors]
    return problem(
        exc.status,
        exc.code.value.replace("_", " ").capitalize(),
        exc.detail,
        errors=errors,
        type_=exc.code.value,
    )


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = getattr(exc, "message", "") or "Authentication required."
    return problem(401, "Unauthorized", str(detail), type_="unauthorized")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, "Error", str(exc), type_="http")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, "Not found", "Nothing here.", type_="not_found")


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(413, "Too large", "The request body is too large.", type_="too_large")


def _register_routers() -> None:
    from kefu.channels.api import router as channels_router
    from kefu.common.api import router as common_router
    from kefu.platforms.api import router as platforms_router
    from kefu.tickets.api import router as tickets_router

    api.add_router("/", common_router)
    api.add_router("/", platforms_router)
    api.add_router("/tickets", tickets_router)
    api.add_router("/", channels_router)


_register_routers()
