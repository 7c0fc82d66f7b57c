"""Where a listed host name stops covering its subdomains: at an ownership boundary.

MISP's hostname lists cover a name and every name under it, and top-site lists hold
blogspot.com, github.io, duckdns.org, azurewebsites.net: taken literally, every phishing
blog, free dynamic-DNS host and cloud app would stop correlating. Names under a public
suffix (the Public Suffix List snapshot bundled with tldextract, private section included,
as `liaison.observables.domains` uses it) belong to whoever registered them, so a listed
suffix covers only itself; so do the few big platforms below that hand out subdomains to
customers but are not on that list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import idna
import tldextract

TENANT_PARENTS = frozenset({
    "wordpress.com", "weebly.com", "tumblr.com", "godaddysites.com", "livejournal.com",
    "sharepoint.com", "windows.net", "amazonaws.com", "000webhostapp.com", "wixstudio.io",
})
"""Platforms whose subdomains are customers' sites, missing from the Public Suffix List."""


@dataclass(frozen=True, slots=True)
class Boundaries:
    """Public suffixes as sets, so one name is judged by a couple of set lookups."""

    suffixes: frozenset[str]
    wildcards: frozenset[str]  # "ck" for the rule "*.ck"
    exceptions: frozenset[str]  # "www.ck" for the rule "!www.ck"

    def is_boundary(self, name: str, parent: str) -> bool:
        """Whether `name` (whose parent domain is `parent`) is a public suffix or tenant parent."""
        return name in self.suffixes or (parent in self.wildcards
                                          and name not in self.exceptions)


def _ascii(rule: str) -> str:
    """The rule with its names in punycode, the form observables are stored in."""
    if rule.isascii():
        return rule
    mark = rule[0] if rule[0] in "*!" else ""
    body = rule[2:] if mark == "*" else rule[len(mark):]
    try:
        body = idna.encode(body, uts46=True).decode("ascii")
    except idna.IDNAError:
        return rule  # never equal to an ASCII name: harmless
    return f"*.{body}" if mark == "*" else f"{mark}{body}"


@lru_cache(maxsize=1)
def boundaries() -> Boundaries:
    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                    include_psl_private_domains=True)
    rules = [_ascii(r.lower()) for r in extract.tlds]
    return Boundaries(
        suffixes=frozenset(r for r in rules if r[0] not in "*!") | TENANT_PARENTS,
        wildcards=frozenset(r[2:] for r in rules if r.startswith("*.")),
        exceptions=frozenset(r[1:] for r in rules if r.startswith("!")),
    )
