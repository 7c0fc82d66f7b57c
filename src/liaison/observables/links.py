"""Observables implied by another, so a URL in one report meets its domain in another."""

from __future__ import annotations

from liaison.observables.domains import onion_service, registrable_domain
from liaison.observables.net import ipv4
from liaison.observables.types import Observable, ObservableType
from liaison.observables.urls import url_host

T = ObservableType


def _domain_links(host: str, *, include_host: bool) -> list[Observable]:
    service = onion_service(host)
    if service is not None:
        return [Observable(T.ONION, service)]
    links = [Observable(T.DOMAIN, host)] if include_host else []
    registered = registrable_domain(host)
    if registered is not None and registered != host:
        links.append(Observable(T.DOMAIN, registered))
    return links


def _host_links(host: str) -> list[Observable]:
    if ":" in host:
        return [Observable(T.IPV6, host)]
    try:
        return [Observable(T.IPV4, ipv4(host))]
    except ValueError:
        return _domain_links(host, include_host=True)


def derived_links(type_: ObservableType | str, canonical: str) -> list[Observable]:
    """The (type, value) pairs a canonical observable implies, for correlation.

    url → its host (domain, ipv4, ipv6 or onion) and registrable domain; email → its
    domain and registrable domain; domain → its registrable domain when different, or its
    onion service. Other types imply nothing here (IP → network is the store's job).
    """
    if type_ == T.URL:
        return _host_links(url_host(canonical))
    if type_ == T.EMAIL:
        return _domain_links(canonical.rpartition("@")[2], include_host=True)
    if type_ == T.DOMAIN:
        return _domain_links(canonical, include_host=False)
    return []
