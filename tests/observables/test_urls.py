"""URLs: RFC 3986 §6 normalisation that keeps what matters as evidence."""

from __future__ import annotations

import pytest

from liaison.observables import InvalidObservable, normalise

# From ESET's Zebrocy, Turla and OceanLotus MISP events; already canonical.
ESET_URLS = [
    "http://45.124.132.127/action-center/centerforserviceandaction/service-and-action.php",
    "http://198.55.120.143:7386/B/ResN32.dll",
    "http://37.59.60.199/2018/.config/adobe",
    "https://raw.githubusercontent.com/ksRD18pro/ksRD18/master/ntk.tmp",
    "http://www.whitewall.top:8080/850D3011FA326CBB6F57A965",
    "https://drive.google.com/uc?authuser=0&id=0B_LlMiKUOIstM0RRekVEbnFfaXc&export=download",
    "http://get.adobe.com/stats/AbfFcBebD/?q=",
    "https://script.google.com/macros/s/AKfycbwF_VS5wHqlHmi4EQoljEtIsjmglLBO69n_2n_k2KtBqWXLk3w/exec",
    "https://vvrhhhnaijyj6s2m.onion.top/",
]


@pytest.mark.parametrize("url", ESET_URLS)
def test_real_urls_are_canonical(url: str) -> None:
    assert normalise("url", url) == url


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        # Real values that need work.
        (
            "http://45.124.132.127/DOVIDNIK - (2018).zip",
            "http://45.124.132.127/DOVIDNIK%20-%20(2018).zip",
        ),
        ("http://134.209.222.206:15363", "http://134.209.222.206:15363/"),
        ("https://www.circl.lu", "https://www.circl.lu/"),
        ("http://adgf.am", "http://adgf.am/"),
        # Scheme and host case, default port, trailing root dot.
        (
            "HTTPS://WWW.WeLiveSecurity.com:443/2019/05/22/journey-zebrocy-land/",
            "https://www.welivesecurity.com/2019/05/22/journey-zebrocy-land/",
        ),
        ("http://Example.COM.:80/A/B", "http://example.com/A/B"),
        ("ftp://files.example.com:21/x", "ftp://files.example.com/x"),
        ("http://example.com:0080/", "http://example.com/"),
        ("https://example.com:8443/", "https://example.com:8443/"),
        # Percent-encoding: unreserved decoded, the rest upper-case hex, "." kept encoded.
        ("http://example.com/%7euser/%41%62c", "http://example.com/~user/Abc"),
        ("http://example.com/a%2fb%3Fc", "http://example.com/a%2Fb%3Fc"),
        (
            "http://example.com/cgi-bin/.%2e/.%2e/bin/sh",
            "http://example.com/cgi-bin/.%2E/.%2E/bin/sh",
        ),
        ("http://example.com/a/../b/./c", "http://example.com/a/../b/./c"),
        ("http://example.com/100%", "http://example.com/100%25"),
        ("http://example.com/straße", "http://example.com/stra%C3%9Fe"),
        # Query kept exactly; fragment dropped.
        ("http://example.com/p?Q=%7e&b=A B", "http://example.com/p?Q=%7e&b=A B"),
        ("http://example.com/p?x=1#section-2", "http://example.com/p?x=1"),
        ("http://example.com/#", "http://example.com/"),
        # IDNA hosts, IP hosts, onion hosts, user info.
        ("http://bücher.de/", "http://xn--bcher-kva.de/"),
        ("http://[2001:DB8::1]:8080/", "http://[2001:db8::1]:8080/"),
        ("http://[::ffff:192.0.2.1]/", "http://[::ffff:192.0.2.1]/"),
        ("http://paypal.com@Evil.Example/", "http://paypal.com@evil.example/"),
        (
            "http://22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoead.onion/leaks",
            "http://22evxpggnkyrxpluewqsrv5j4jtde6hut2peq3w44d6ase676qlkoead.onion/leaks",
        ),
        ("tcp://198.55.120.143:7386", "tcp://198.55.120.143:7386/"),
        # Defanged.
        (
            "hxxp://45.124.132.127/DOVIDNIK - (2018).zip",
            "http://45.124.132.127/DOVIDNIK%20-%20(2018).zip",
        ),
        (
            "hxxps[://]raw[.]githubusercontent[.]com/ksRD18pro/ksRD18/master/ntk[.]tmp",
            "https://raw.githubusercontent.com/ksRD18pro/ksRD18/master/ntk.tmp",
        ),
        (
            "hXXp[:]//skategirlchina[.]com/wp-includes/ms-locale[.]php",
            "http://skategirlchina.com/wp-includes/ms-locale.php",
        ),
        ("HXXPS://www(.)welivesecurity(.)com/", "https://www.welivesecurity.com/"),
    ],
)
def test_url_spellings(raw: str, canonical: str) -> None:
    assert normalise("url", raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        # Scheme-less values from real MISP "url" attributes: not URLs until a scheme is known.
        ("www.kcico.com.tw/data/openwebmail/doc/wthk.txt", "needs a scheme"),
        ("adstore.twilightparadox.com", "needs a scheme"),
        ("igfxtray.exe", "needs a scheme"),
        ("mailto:someone@example.com", "needs a scheme"),
        ("http://", "has no host"),
        ("http:///path", "has no host"),
        ("http://exa mple.com/", "host: not a domain name"),
        ("http://256.1.1.1/", "host: each of the four numbers"),
        ("http://example.com:99999/", "port must be a number"),
        ("http://example.com:http/", "port must be a number"),
        ("http://[2001:db8::1/", "enclosed in"),
        ("http://2001:db8::1/", "more than one ':'"),
        ("http://example.com/a\nb", "control characters"),
    ],
)
def test_url_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable) as info:
        normalise("url", raw)
    assert reason in info.value.reason
    assert str(info.value).startswith("url: ")


def test_long_phishing_url_accepted_but_not_a_document() -> None:
    long_query = "http://example.com/login?token=" + "A" * 4000
    assert normalise("url", long_query) == long_query
    with pytest.raises(InvalidObservable, match="longer than 8192"):
        normalise("url", "http://example.com/" + "a" * 9000)
