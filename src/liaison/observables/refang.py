"""Undo the defanging analysts apply so indicators cannot be clicked or resolved by accident.

Reports arrive as ``hxxps[://]evil[.]example/x`` or ``bob[at]mail(.)ru``; every value is
refanged before it is validated, so the defanged and the live spelling are one observable.
"""

from __future__ import annotations

import re

# Bracketed tokens in any of [] () {}, case-insensitive. The word forms also swallow the
# spaces around them ("bob [at] mail [dot] ru"); the symbol forms do not, so that
# refang(defang(x)) == x even for file names with spaces.
_SYMBOL = r"\s*(?:\.|@|://|:)\s*"
_WORD = r"\s*(?:dot|at)\s*"
_DEFANGED = re.compile(
    rf"\[{_SYMBOL}\]|\({_SYMBOL}\)|\{{{_SYMBOL}\}}"
    rf"|\s*(?:\[{_WORD}\]|\({_WORD}\)|\{{{_WORD}\}})\s*"
    r"|\bhxxp(s?)(?=\[?:)",
    re.IGNORECASE,
)
_HXXP_SCHEME = re.compile(r"hxxp(s?)(?=:)", re.IGNORECASE)
_LIVE_SCHEME = re.compile(r"^http(s?)://")
_INNER = {".": ".", "dot": ".", "@": "@", "at": "@", "://": "://", ":": ":"}


def _replace(match: re.Match[str]) -> str:
    text = match.group(0)
    if text[0] in "hH":
        return "https" if match.group(1) else "http"
    return _INNER[text.strip()[1:-1].strip().lower()]


def _may_be_defanged(value: str) -> bool:
    # Plain substring tests are several times cheaper than a regex search on clean values.
    return (
        "[" in value
        or "(" in value
        or "{" in value
        or "xp" in value
        or "XP" in value
        or "xP" in value
        or "Xp" in value
    )


def refang(value: str) -> str:
    """The value with defanged spellings (hxxp, [.], (dot), [at], [:], [://] …) made live again.

    Repeated until nothing changes, so refanging is idempotent even for ``[[.]]``.
    """
    if not _may_be_defanged(value):
        return value
    # The common spellings, a leading "hxxp(s):" and "[.]" dots, without the regex passes.
    # Exact: when nothing else is left to refang, the regex would have replaced just these.
    head, live = "", value
    scheme = _HXXP_SCHEME.match(value)
    if scheme is not None:
        head, live = ("https" if scheme.group(1) else "http"), value[scheme.end() :]
    if "[.]" in live:
        live = live.replace("[.]", ".")
    if not _may_be_defanged(live):
        return head + live
    while True:
        live = _DEFANGED.sub(_replace, value)
        if live == value:
            return live
        value = live


def defang(value: str) -> str:
    """A spelling of a canonical value that cannot be clicked: the inverse of `refang`."""
    value = value.replace(".", "[.]").replace("@", "[@]")
    return _LIVE_SCHEME.sub(r"hxxp\1[://]", value, count=1)
