"""Who is asking: the client's address, for per-client limits and logs.

Behind a reverse proxy (nginx, caddy, a load balancer) every request comes from the proxy, so
`REMOTE_ADDR` alone would put all users in one bucket: one noisy client would lock everyone
out. When the request comes from an address in `KEFU_TRUSTED_PROXIES`, the client is the
right-most `X-Forwarded-For` entry that is not itself a trusted proxy (each proxy appends the
address it saw; anything further left was written by the client and proves nothing).
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _hop_address(hop: str) -> str:
    """An X-Forwarded-For entry without the port some load balancers add
    ("203.0.113.9:51234", "[2001:db8::1]:443")."""
    if hop.startswith("["):
        return hop[1:].split("]", 1)[0]
    if hop.count(":") == 1:
        return hop.split(":", 1)[0]
    return hop


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    networks = _trusted(tuple(settings.KEFU_TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        address = _hop_address(hop)
        if not _is_trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a malformed entry: the proxy's own address, never a made-up one
    return remote


def client_bucket(request: HttpRequest) -> str:
    """The unit a per-client limit counts: the address, or for IPv6 its /64, which one
    subscriber usually holds whole (counting single addresses would not limit them)."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
