"""Between Liaison's observable types and MISP's attribute types (and the two objects, for
values MISP has no attribute type for: an Ethereum address, a platform handle)."""

from __future__ import annotations

from liaison.observables import ObservableType as T
from liaison.vocab import TLP, Distribution

TO_MISP = {
    T.IPV4: "ip-dst", T.IPV6: "ip-dst", T.CIDR: "ip-dst", T.DOMAIN: "domain",
    T.ONION: "onion-address", T.URL: "url", T.EMAIL: "email", T.MD5: "md5", T.SHA1: "sha1",
    T.SHA256: "sha256", T.SHA512: "sha512", T.BTC_ADDRESS: "btc", T.XMR_ADDRESS: "xmr",
    T.PHONE: "phone-number", T.IBAN: "iban", T.ASN: "AS", T.FILE_NAME: "filename",
}
# MISP attribute types (also inside objects) that carry a Liaison observable; the address
# types decide between IPv4, IPv6 and network by the value
FROM_MISP: dict[str, T | None] = {
    "ip-dst": None, "ip-src": None, "domain": T.DOMAIN, "hostname": T.DOMAIN,
    "onion-address": T.ONION, "url": T.URL, "uri": T.URL, "email": T.EMAIL,
    "email-src": T.EMAIL, "email-dst": T.EMAIL, "whois-registrant-email": T.EMAIL,
    "md5": T.MD5, "sha1": T.SHA1, "sha256": T.SHA256, "sha512": T.SHA512,
    "btc": T.BTC_ADDRESS, "xmr": T.XMR_ADDRESS, "phone-number": T.PHONE,
    "whois-registrant-phone": T.PHONE, "iban": T.IBAN, "AS": T.ASN, "filename": T.FILE_NAME,
}
# composite types: each part's type
COMPOSITE = {
    "filename|md5": ("filename", "md5"), "filename|sha1": ("filename", "sha1"),
    "filename|sha256": ("filename", "sha256"), "filename|sha512": ("filename", "sha512"),
    "ip-dst|port": ("ip-dst", None), "ip-src|port": ("ip-src", None),
    "domain|ip": ("domain", "ip-dst"), "hostname|port": ("hostname", None),
}

# MISP distribution levels (0-3; 4 is a sharing group, which belongs to its instance)
DISTRIBUTION_FROM_MISP = {0: Distribution.OWNER, 1: Distribution.PARTNERS,
                          2: Distribution.PARTNERS, 3: Distribution.EVERYONE}
# named agencies and agreements have no MISP counterpart outside this node: "your
# organisation only", the level that widens nothing
DISTRIBUTION_TO_MISP = {Distribution.OWNER: 0, Distribution.AGENCIES: 0,
                        Distribution.AGREEMENT: 0, Distribution.PARTNERS: 1,
                        Distribution.EVERYONE: 3}
TLP_TAGS = {f"tlp:{t.slug}": t for t in TLP} | {"tlp:white": TLP.CLEAR}
