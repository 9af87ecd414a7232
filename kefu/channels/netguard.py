"""Outbound HTTP to addresses chosen by tenants, without SSRF.

Every address the host name resolves to is checked with `ipaddress`; the connection is then
pinned to the checked address (a second DNS answer cannot swap in 127.0.0.1), with the Host
header and TLS server name still set to the name in the URL. Redirects are never followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit


class TargetRefused(ValueError):
    """The URL is not http(s), or resolves to an address Kefu must not call."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked IP the connection is pinned to


def address_allowed(address: str, *, allow_loopback: bool) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return allow_loopback
    blocked = (
        ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified
    )
    if isinstance(ip, ipaddress.IPv6Address):
        blocked = blocked or ip.is_site_local
    return ip.is_global and not blocked


def resolve_target(url: str, *, allow_loopback: bool) -> Target:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("scheme")
    if parts.username or parts.password:
        raise TargetRefused("credentials_in_url")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetRefused("dns") from exc
    addresses = sorted({str(info[4][0]) for info in infos})
    if not addresses:
        raise TargetRefused("dns")
    for address in addresses:
        if not address_allowed(address, allow_loopback=allow_loopback):
            raise TargetRefused("private_address")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


def post(
    target: Target, body: bytes, headers: dict[str, str], *, timeout: float = 10.0
) -> Response:
    """POST to the pinned address; raises OSError (incl. TLS errors) on transport failure."""
    conn_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = conn_class(target, timeout)
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        response = conn.getresponse()
        return Response(response.status, response.read(65536))
    except http.client.HTTPException as exc:
        raise OSError(type(exc).__name__) from exc
    finally:
        conn.close()
