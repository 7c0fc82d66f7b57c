"""Which lists a node enables: LIAISON_WARNINGLISTS, parsed with messages that say what to fix.

The setting is comma-separated names; ``default`` stands for the curated set below and
``-name`` removes a list, so ``default,vpn-ipv4,-tranco10k`` adapts the default.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from liaison.errors import FieldError, Invalid

SETTING = "LIAISON_WARNINGLISTS"

DEFAULT: tuple[str, ...] = (
    # Address space no one can own: private, shared, loopback, link-local, documentation,
    # multicast, reserved (IPv4 and IPv6).
    "rfc1918", "rfc5735", "rfc6598", "rfc3849", "ipv6-linklocal", "multicast",
    "liaison-ipv6-special-use",
    # Documentation and special-use names: example.com, .test, .invalid, .localhost …
    "rfc6761", "liaison-special-use-domains",
    # The big public resolvers every victim uses (not MISP's 60,000 open resolvers).
    "liaison-public-resolvers", "liaison-public-resolver-hostnames",
    # Hashes of empty files, the EICAR test file and files IOC feeds list by mistake.
    "empty-hashes", "eicar.com", "common-ioc-false-positive", "ti-falsepositives",
    # The 10,000 most visited sites, public suffixes such as co.uk, and the bare sites of
    # URL shorteners (a short link itself still correlates).
    "tranco10k", "second-level-tlds", "url-shortener",
    # abuse@/security@/noc@ mailboxes and fictional phone numbers (555-01xx …).
    "common-contact-emails", "phone_numbers",
)


class ConfigurationError(Invalid):
    """A warninglist setting that cannot be used; the message names the setting."""

    @classmethod
    def of(cls, setting: str, problems: list[str]) -> ConfigurationError:
        head = problems[0] if len(problems) == 1 else f"{len(problems)} problems"
        return cls(f"{setting}: {head}", [FieldError(setting, p) for p in problems])


def _unknown(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown warninglist {name!r}{hint}; `liaison warninglist list` shows them all"


def parse(spec: str, known: Iterable[str]) -> tuple[str, ...]:
    """The enabled list names, in order, from a setting such as ``default,-tranco10k``."""
    names = set(known)
    chosen: dict[str, None] = {}
    problems: list[str] = []
    for raw in spec.split(","):
        token = raw.strip()
        if not token:
            continue
        drop = token.startswith("-")
        name = token[1:].strip() if drop else token
        group = DEFAULT if name == "default" else (name,)
        missing = [n for n in group if n not in names]
        if missing:
            problems.extend(_unknown(n, names | {"default"}) for n in missing)
            continue
        for item in group:
            if drop:
                chosen.pop(item, None)
            else:
                chosen[item] = None
    if problems:
        raise ConfigurationError.of(SETTING, problems)
    return tuple(chosen)
