"""Each default list holds a real example and not its near miss."""

from __future__ import annotations

import pytest

from liaison.warninglists import DEFAULT

CASES = [
    ("rfc1918", "ipv4", "10.1.2.3", "11.1.2.3"),
    ("rfc1918", "ipv4", "192.168.1.1", "192.169.1.1"),
    ("rfc1918", "ipv4", "172.31.255.254", "172.32.0.1"),
    ("rfc1918", "cidr", "10.20.0.0/16", "10.0.0.0/7"),
    ("rfc1918", "url", "http://10.1.2.3/cgi-bin/luci", "http://11.1.2.3/cgi-bin/luci"),
    ("rfc5735", "ipv4", "127.0.0.1", "128.0.0.1"),
    ("rfc5735", "ipv4", "192.0.2.77", "192.0.3.77"),  # TEST-NET-1
    ("rfc6598", "ipv4", "100.64.12.1", "100.128.0.1"),
    ("rfc3849", "ipv6", "2001:db8::1", "2001:db9::1"),
    ("rfc3849", "url", "http://[2001:db8::1]:8080/x", "http://[2001:db9::1]:8080/x"),
    ("ipv6-linklocal", "ipv6", "fe80::1ff:fe23:4567:890a", "fec0::1"),
    ("multicast", "ipv4", "239.255.255.250", "223.255.255.250"),
    ("liaison-ipv6-special-use", "ipv6", "::1", "::2:1"),
    ("liaison-ipv6-special-use", "ipv6", "fd12:3456:789a::1", "2a00:1450:4001::1"),
    ("liaison-ipv6-special-use", "ipv6", "ff02::fb", "fe00::1"),
    ("rfc6761", "domain", "example.org", "example.co"),
    ("liaison-special-use-domains", "domain", "example.com", "example.co"),
    ("liaison-special-use-domains", "domain", "sub.example.com", "sub.example.co"),
    ("liaison-special-use-domains", "domain", "printer.local", "local.com"),
    ("liaison-special-use-domains", "domain", "web.test", "test.com"),
    ("liaison-special-use-domains", "domain", "app.localhost", "localhost.net"),
    ("liaison-special-use-domains", "email", "alice@example.net", "alice@example.ne.jp"),
    ("liaison-special-use-domains", "url", "https://sub.example.com/login", "https://example.co/"),
    ("liaison-public-resolvers", "ipv4", "8.8.8.8", "8.8.8.9"),
    ("liaison-public-resolvers", "ipv4", "1.1.1.1", "1.1.1.4"),
    ("liaison-public-resolvers", "ipv6", "2606:4700:4700::1111", "2606:4700:4700::1114"),
    ("liaison-public-resolver-hostnames", "domain", "dns.google", "notdns.google"),
    ("empty-hashes", "md5", "d41d8cd98f00b204e9800998ecf8427e",
     "d41d8cd98f00b204e9800998ecf8427f"),
    ("empty-hashes", "sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
     "da39a3ee5e6b4b0d3255bfef95601890afd80708"),
    ("empty-hashes", "sha256", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b856"),
    ("eicar.com", "md5", "44d88612fea8a8f36de82e1278abb02f", "44d88612fea8a8f36de82e1278abb020"),
    ("common-ioc-false-positive", "md5", "0f343b0931126a20f133d67c2b018a3b",
     "0f343b0931126a20f133d67c2b018a3c"),
    ("ti-falsepositives", "sha256",
     "00040c682b12de3c33ef3a1839260d4851073c94ce49ab32ac38dbd13c16e1c2",
     "00040c682b12de3c33ef3a1839260d4851073c94ce49ab32ac38dbd13c16e1c3"),
    ("tranco10k", "domain", "google.com", "google.com.secure-login.ru"),
    ("tranco10k", "domain", "mail.google.com", "mail.gogle.com"),
    ("tranco10k", "url", "https://www.paypal.com/", "https://www.paypal.com.verify.top/"),
    ("second-level-tlds", "domain", "co.uk", "bbc.co.uk"),
    ("url-shortener", "domain", "bit.ly", "bit.ly.example-cdn.ru"),
    ("url-shortener", "url", "https://bit.ly/", "https://bit.ly/3xYzAbC"),
    ("common-contact-emails", "email", "abuse@ovh.net", "abuser@ovh.net"),
    ("phone_numbers", "phone", "+1 202 555 0123", "+1 202 555 0234"),
]


@pytest.mark.parametrize(("name", "type_", "listed", "near_miss"), CASES,
                         ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_list_holds_its_example_not_the_near_miss(listed_by, name, type_, listed, near_miss):
    assert name in listed_by(type_, listed)
    assert name not in listed_by(type_, near_miss)


def test_every_default_list_is_exercised():
    assert {c[0] for c in CASES} == set(DEFAULT)


def test_ordinary_indicators_correlate(listed_by):
    for type_, raw in [("ipv4", "45.124.132.127"), ("domain", "skategirlchina.com"),
                       ("url", "hxxp://skategirlchina[.]com/wp-includes/"),
                       ("email", "ivan.petrov1987@gmail.com"), ("ipv6", "2a01:4f8::1"),
                       ("sha256", "0" * 63 + "1"), ("phone", "+4917999912345")]:
        assert listed_by(type_, raw) == [], raw
