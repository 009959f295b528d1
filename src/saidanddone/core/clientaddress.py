"""The address a request really came from, when the site sits behind a reverse proxy.

Behind nginx (or a load balancer) every request reaches the application from the proxy's own
address, so anything keyed on ``REMOTE_ADDR`` (the public forms' rate limit) would put every
family in one bucket. The proxy says who it was talking to in ``X-Forwarded-For`` (or the
standard ``Forwarded`` header, RFC 7239), but anyone can send those headers: they are believed
only when the request comes from an address in ``SAIDANDDONE_TRUSTED_PROXIES``, and then only
up to the first hop that is not itself a trusted proxy (the right-most untrusted address), so a
family cannot choose its own address by writing the header itself.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Written in SAIDANDDONE_TRUSTED_PROXIES to say "no proxy in front, on purpose".
NO_PROXY = "none"


def parse_proxies(values: Iterable[str]) -> list[Network]:
    """The trusted networks; ValueError names an entry that is not an address or a CIDR."""
    networks: list[Network] = []
    for value in values:
        value = value.strip()
        if not value or value.lower() == NO_PROXY:
            continue
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValueError(f"'{value}' is not an IP address or a network such as "
                             "10.0.0.0/8") from None
    return networks


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(parse_proxies(values))


def _address(value: str) -> Address | None:
    """An address from one hop as proxies write it: ``1.2.3.4``, ``1.2.3.4:5678``,
    ``[2001:db8::1]:4711`` or ``2001:db8::1``; None for ``unknown`` or an obfuscated name."""
    value = value.strip().strip('"')
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4 with a port (IPv6 has several colons)
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _forwarded_for(header: str) -> list[str]:
    """The ``for=`` values of an RFC 7239 ``Forwarded`` header, in order."""
    hops: list[str] = []
    for element in header.split(","):
        for pair in element.split(";"):
            key, _, value = pair.partition("=")
            if key.strip().lower() == "for":
                hops.append(value.strip())
    return hops


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy, in which case the
    right-most address in the forwarding chain that is not a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = _trusted(tuple(getattr(settings, "SAIDANDDONE_TRUSTED_PROXIES", ())))
    if not trusted:
        return remote

    def is_trusted(address: Address | None) -> bool:
        return address is not None and any(address in network for network in trusted)

    if not is_trusted(_address(remote)):
        return remote
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded_for:
        chain = [hop.strip() for hop in forwarded_for.split(",")]
    else:
        chain = _forwarded_for(request.META.get("HTTP_FORWARDED", ""))
    chain = [hop for hop in chain if hop]
    client = remote
    for hop in reversed(chain):
        address = _address(hop)
        if address is None:
            # "unknown" or garbage where an address should be: stop believing the chain here.
            return client
        client = str(address)
        if not is_trusted(address):
            return client
    return client  # every hop was a proxy of ours: the left-most is the best we know


# One household or phone line is usually given a whole IPv6 /64 and can use any address in it,
# so counting per IPv6 address would let one family send as many comments as it has addresses.
IPV6_CLIENT_PREFIX = 64


def rate_limit_key(request: HttpRequest) -> str:
    """Who the public forms' rate limit counts: an IPv4 client by its address, an IPv6 client
    by its /64 network (an IPv4 address written as IPv6, ``::ffff:1.2.3.4``, as IPv4)."""
    text = client_address(request)
    address = _address(text)
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address) if address is not None else text


def sign_in_address(request: HttpRequest) -> str | None:
    """The client's address for django-axes, which stores it in an IP address column: None
    when there is no real address (a request made inside the process, such as a test's
    force_login), never a placeholder PostgreSQL would refuse."""
    address = _address(client_address(request))
    return str(address) if address is not None else None
