"""How the index matches: ownership boundaries, URL scope, networks, what a Listing says."""

from __future__ import annotations

import pytest

from liaison.observables import InvalidObservable
from liaison.warninglists import Listing
from liaison.warninglists.builtin import SPECIAL_USE_DOMAINS
from liaison.warninglists.index import Index
from liaison.warninglists.sources import Source


@pytest.mark.parametrize("domain", [
    "evil.blogspot.com",  # a public suffix on tranco10k: its subdomains are bloggers'
    "login-paypal.duckdns.org",  # dynamic DNS: a free subdomain per customer
    "phish.github.io",
    "office365-login.azurewebsites.net",
    "ec2-3-80-1-1.compute-1.amazonaws.com",  # a wildcard rule, *.compute-1.amazonaws.com
    "some-blog.wordpress.com",  # a platform missing from the Public Suffix List
])
def test_a_listed_suffix_stops_at_ownership_boundaries(listed_by, domain):
    assert "tranco10k" not in listed_by("domain", domain)


def test_a_listed_public_suffix_still_lists_itself(listed_by):
    assert "tranco10k" in listed_by("domain", "blogspot.com")


def test_subdomains_of_a_listed_site_are_listed(listed_by):
    assert "tranco10k" in listed_by("domain", "accounts.google.com")
    assert "tranco10k" in listed_by("domain", "a.b.c.wikipedia.org")


def test_urls_on_popular_sites_correlate_unless_they_are_the_bare_site(listed_by):
    assert "tranco10k" in listed_by("url", "https://google.com")
    assert listed_by("url", "https://docs.google.com/forms/d/e/1FAIpQLSf/viewform") == []
    assert listed_by("url", "https://bit.ly/?utm=x") == []


def test_any_url_on_a_special_use_host_is_listed(listed_by):
    assert "rfc1918" in listed_by("url", "http://user:pw@192.168.0.1:8080/setup.cgi?x=1")
    assert "liaison-special-use-domains" in listed_by("url", "ftp://files.example.org/a/b")


def test_email_addresses_on_popular_domains_correlate(listed_by):
    assert listed_by("email", "someone@google.com") == []
    assert "liaison-special-use-domains" in listed_by("email", "someone@corp.local")


def test_networks_are_listed_only_when_a_listed_network_holds_them_whole(listed_by):
    assert "rfc1918" in listed_by("cidr", "172.16.0.0/12")
    assert "rfc1918" in listed_by("cidr", "172.20.1.0/24")
    assert "rfc1918" not in listed_by("cidr", "172.0.0.0/8")
    assert "liaison-public-resolvers" in listed_by("cidr", "8.8.8.8/32")
    assert "liaison-public-resolvers" not in listed_by("cidr", "8.8.8.0/24")


def test_ipv4_mapped_ipv6_is_judged_as_ipv4(listed_by):
    assert "rfc1918" in listed_by("ipv6", "::ffff:10.0.0.1")
    assert listed_by("ipv6", "::ffff:45.124.132.127") == []


def test_check_says_which_list_and_entry(index):
    listings = index.check("domain", "sub.example.com")
    special = next(x for x in listings if x.name == SPECIAL_USE_DOMAINS.name)
    assert special == Listing(SPECIAL_USE_DOMAINS.name, SPECIAL_USE_DOMAINS.title,
                              SPECIAL_USE_DOMAINS.description, "1", "example.com")
    rfc = index.check("ipv4", "10.9.8.7")[0]
    assert (rfc.name, rfc.entry, rfc.version) == ("rfc1918", "10.0.0.0/8", "5")
    assert "private" in rfc.description
    assert index.is_listed("ipv4", "10.9.8.7") and not index.is_listed("ipv4", "45.1.2.3")


def test_types_no_list_applies_to_are_never_listed(index):
    assert index.check("asn", "AS13335") == ()
    assert index.check("btc_address", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT") == ()


def test_an_unknown_type_is_an_error(index):
    with pytest.raises(InvalidObservable, match="unknown observable type"):
        index.check("ssdeep", "3::")


def _source(kind: str, entries: tuple[str, ...], applies_to: frozenset[str]) -> Source:
    return Source(name=f"t-{kind}", title=kind, description="", version="1", kind=kind,
                  applies_to=applies_to, url_scope=None, origin="test", entries=entries)


def test_small_substring_lists_are_scanned_and_large_ones_matched_as_suffixes():
    small = _source("substring", ("virustotal.com",), frozenset({"domain"}))
    large = _source("substring", tuple(f"mail{i}.example" for i in range(500)),
                    frozenset({"email"}))
    index = Index([small, large])
    assert index.is_listed("domain", "www.virustotal.com.evil.ru")  # MISP's substring rule
    assert index.is_listed("email", "x@mail7.example")
    assert not index.is_listed("email", "x@mail7.example.org")


def test_regex_lists_match_the_whole_value():
    index = Index([_source("regex", ("/^(abuse|noc)\\@.*$/i", "/55501[0-9]{2}/g", "/(/"),
                           frozenset({"email", "phone"}))])
    assert index.is_listed("email", "Abuse@hoster.example")
    assert not index.is_listed("phone", "+12025550123")  # MISP would find it inside
    assert index.skipped == {"t-regex": 1}  # the pattern that does not compile
