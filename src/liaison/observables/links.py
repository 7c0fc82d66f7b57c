"""Observables implied by another, so a URL in one report meets its domain in another."""

from __future__ import annotations

from functools import lru_cache

from liaison.observables.domains import onion_service, registrable_domain_uncached
from liaison.observables.net import canonical_ipv4
from liaison.observables.types import Observable, ObservableType
from liaison.observables.urls import url_host

# Enum members looked up once: attribute access on an Enum class costs more than the
# comparison, and this runs for every observable ingested.
_DOMAIN = ObservableType.DOMAIN
_EMAIL = ObservableType.EMAIL
_IPV4 = ObservableType.IPV4
_IPV6 = ObservableType.IPV6
_ONION = ObservableType.ONION
_URL = ObservableType.URL


def _domain_links(host: str, *, include_host: bool) -> list[Observable]:
    service = onion_service(host) if host.endswith(".onion") else None
    if service is not None:
        return [Observable(_ONION, service)]
    links = [Observable(_DOMAIN, host)] if include_host else []
    registered = registrable_domain_uncached(host)
    if registered is not None and registered != host:
        links.append(Observable(_DOMAIN, registered))
    return links


# URL hosts and mail domains recur far more than whole URLs and addresses do, so their
# links are kept (as tuples: callers get a fresh list each time). Domains themselves are
# not: the walk costs little more than a cache miss, and most are seen once.
@lru_cache(maxsize=65536)
def _host_links(host: str) -> tuple[Observable, ...]:
    if ":" in host:
        return (Observable(_IPV6, host),)
    address = canonical_ipv4(host)
    if address is not None:
        return (Observable(_IPV4, address),)
    return tuple(_domain_links(host, include_host=True))


@lru_cache(maxsize=65536)
def _mail_domain_links(host: str) -> tuple[Observable, ...]:
    return tuple(_domain_links(host, include_host=True))


def derived_links(type_: ObservableType | str, canonical: str) -> list[Observable]:
    """The (type, value) pairs a canonical observable implies, for correlation.

    url → its host (domain, ipv4, ipv6 or onion) and registrable domain; email → its
    domain and registrable domain; domain → its registrable domain when different, or its
    onion service. Other types imply nothing here (IP → network is the store's job).
    """
    if type_ == _URL:
        return list(_host_links(url_host(canonical)))
    if type_ == _EMAIL:
        return list(_mail_domain_links(canonical.rpartition("@")[2]))
    if type_ == _DOMAIN:
        return _domain_links(canonical, include_host=False)
    return []
