"""URLs normalised per RFC 3986 §6 so that spelling variants of one resource correlate.

Normalised: scheme and host case, IDNA host, default port, percent-encoding of the path.
Kept: user info and the query exactly, and the path's dot segments, because
``/cgi-bin/.%2e/.%2e/bin/sh`` is the indicator of a path-traversal attack and resolving
it would erase the evidence. Dropped: the fragment, which never leaves the browser.
"""

from __future__ import annotations

import re

from liaison.observables.domains import domain
from liaison.observables.net import ipv4, ipv6

_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([^?#]*)(\?[^#]*)?(?:#.*)?", re.DOTALL)
# Whatever follows the authority matches the rest of _URL, so _URL matches exactly when
# this does and with the same authority, without scanning the path.
_URL_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)")
# URLs that need no rewriting but the host's (lower-case scheme, no user info or port, a
# clean path, printable query, no fragment): one match instead of the general steps, same
# result. Nothing here is whitespace or a control character, so no strip or check is due.
_PLAIN_URL = re.compile(
    r"([a-z][a-z0-9+.-]*)://([A-Za-z0-9._-]+)(/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*)?(\?[!-\"$-~]*)?"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}

# RFC 3986 pchar plus "/", minus "%": a path made only of these needs no work.
_PATH_CLEAN = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/]*")
_PATH_FIX = re.compile(r"%([0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/]")
# Unreserved characters are decoded (§6.2.2.2) except ".", see the module docstring.
_DECODABLE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~")


def _fix_escape(match: re.Match[str]) -> str:
    pair = match.group(1)
    if pair is None:
        return "".join(f"%{b:02X}" for b in match.group(0).encode("utf-8"))
    char = chr(int(pair, 16))
    return char if char in _DECODABLE else f"%{pair.upper()}"


def _path(path: str) -> str:
    if not path:
        return "/"
    if _PATH_CLEAN.fullmatch(path):
        return path
    return _PATH_FIX.sub(_fix_escape, path)


def _host(host: str) -> str:
    if host.startswith("["):
        if not host.endswith("]"):
            raise ValueError("an IPv6 host must be enclosed in [ ]")
        return f"[{ipv6(host[1:-1])}]"
    if host and not host.strip("0123456789."):  # all digits and dots; cheaper than a regex
        return ipv4(host)
    return domain(host)


def _split_host_port(hostport: str) -> tuple[str, str]:
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            raise ValueError("an IPv6 host must be enclosed in [ ]")
        host, rest = hostport[: close + 1], hostport[close + 1 :]
        if rest and not rest.startswith(":"):
            raise ValueError("unexpected text after the IPv6 host")
        return host, rest[1:]
    host, _, port = hostport.partition(":")
    if ":" in port:
        raise ValueError("the host has more than one ':'; an IPv6 host needs [ ]")
    return host, port


def url(value: str) -> str:
    """scheme://[userinfo@]host[:port]/path[?query], normalised as the module says."""
    plain = _PLAIN_URL.fullmatch(value)
    if plain is not None:
        scheme, host, path, query = plain.groups()
        try:
            host = _host(host)
        except ValueError as exc:
            raise ValueError(f"host: {exc}") from None
        return f"{scheme}://{host}{path or '/'}{query or ''}"
    return _any_url(value)


def _any_url(value: str) -> str:
    # The general path, for every spelling `url` has no shortcut for.
    v = value.strip()
    if _CONTROL.search(v):
        raise ValueError("contains control characters")
    match = _URL.fullmatch(v)
    if match is None:
        raise ValueError("needs a scheme and a host, such as http://example.com/")
    scheme, authority, path, query = match.groups()
    scheme = scheme.lower()
    userinfo, at, hostport = authority.rpartition("@")
    host, port = _split_host_port(hostport)
    if not host:
        raise ValueError("has no host")
    try:
        host = _host(host)
    except ValueError as exc:
        raise ValueError(f"host: {exc}") from None
    if port:
        if not port.isascii() or not port.isdigit() or int(port) > 65535:
            raise ValueError("the port must be a number from 0 to 65535")
        port = "" if int(port) == _DEFAULT_PORTS.get(scheme) else f":{int(port)}"
    return f"{scheme}://{userinfo}{at}{host}{port}{_path(path)}{query or ''}"


def url_host(canonical_url: str) -> str:
    """The host of a canonical URL, IPv6 without brackets."""
    match = _URL_HEAD.match(canonical_url)
    if match is None:
        raise ValueError("not a canonical URL")
    host = match.group(1)
    if "@" in host or ":" in host or "[" in host:  # user info, a port or an IPv6 host
        host, _ = _split_host_port(host.rpartition("@")[2])
        if host.startswith("["):
            host = host[1:-1]
    return host
