"""Hashes, phone numbers, IBANs, platform handles and file names."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import phonenumbers
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from liaison.observables.domains import domain

# --- hashes ----------------------------------------------------------------------------


def hex_digest(length: int) -> Callable[[str], str]:
    """A checker for a lower-case hex digest of exactly `length` characters."""
    pattern = re.compile(rf"[0-9a-f]{{{length}}}")
    any_hex = re.compile(r"[0-9a-f]*")

    def check(value: str) -> str:
        v = value.strip().lower()
        if pattern.fullmatch(v):
            return v
        if not any_hex.fullmatch(v):
            raise ValueError(f"must be {length} hexadecimal characters (0-9, a-f)")
        raise ValueError(f"must be exactly {length} hexadecimal characters, not {len(v)}")

    return check


# --- phone numbers ---------------------------------------------------------------------


@lru_cache(maxsize=65536)
def phone(value: str, region: str | None = None) -> str:
    """E.164 (``+442079460018``); a national number needs `region` (ISO alpha-2, e.g. "GB").

    Numbers must be possible in their country (right length for its plan), not necessarily
    in an assigned range: scammers use fresh and spoofed ranges before the library knows
    them, and fiction ranges (e.g. Ofcom's drama numbers) must stay recordable.
    """
    v = value.strip()
    if v[:4].lower() == "tel:":
        v = v[4:]
    if region is None and v.startswith("00"):
        v = "+" + v[2:]  # the international call prefix most of the world dials
    try:
        number = phonenumbers.parse(v, region.upper() if region else None)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            if region is None and not v.startswith("+"):
                raise ValueError(
                    "a national number needs a default region, or write it as +<country code>…"
                ) from None
            raise ValueError("unknown country calling code or region") from None
        raise ValueError("not a phone number") from None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:  # local-only ones are short
        raise ValueError("not a possible number in its country (wrong length)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- IBAN ------------------------------------------------------------------------------

_IBAN_SEPARATORS = re.compile(r"[\s\-]+")


@lru_cache(maxsize=16384)
def iban(value: str) -> str:
    """Compact upper-case IBAN; mod-97 check digits and the country's length/format checked."""
    v = _IBAN_SEPARATORS.sub("", value).upper()
    if v.startswith("IBAN"):  # the paper format's "IBAN DE89 …" prefix (ISO 13616)
        v = v[4:].lstrip(":")
    try:
        return IBAN(v).compact
    except SchwiftyException as exc:
        why = str(exc).rstrip(".")
        raise ValueError(f"not a valid IBAN: {why[:1].lower()}{why[1:]}") from None


# --- handles ---------------------------------------------------------------------------


def _pattern(regex: str, says: str, *, fold: bool = True) -> Callable[[str], str]:
    compiled = re.compile(regex)

    def check(name: str) -> str:
        v = name.lower() if fold else name
        if not compiled.fullmatch(v):
            raise ValueError(f"expected {says}")
        return v

    return check


_SIGNAL_USERNAME = _pattern(r"[a-z_][a-z0-9_]{2,31}\.[0-9]{2,10}", "a phone number or name.42")
_DISCORD_LEGACY = re.compile(r"[^@#:`]{2,32}#[0-9]{4}")
_DISCORD_NAME = _pattern(r"[a-z0-9_.]{2,32}|[0-9]{17,20}", "2-32 of a-z 0-9 _ . or a user id")
_YOUTUBE_CHANNEL = re.compile(r"UC[A-Za-z0-9_-]{22}")
_YOUTUBE_HANDLE = _pattern(r"[a-z0-9._-]{3,30}", "a channel id (UC…) or a 3-30 character handle")
_THREEMA_ID = _pattern(r"[A-Z0-9*][A-Z0-9]{7}", "an 8-character Threema id", fold=False)
_MATRIX_LOCAL = re.compile(r"[a-z0-9._=/+-]{1,255}")
_SERVER_LOCAL_BAD = re.compile(r"[\s@/:]")


def _signal(name: str) -> str:
    # Signal accounts are phone numbers or usernames like "name.42" (case-insensitive).
    if name[:1] == "+" or name[:1].isdigit():
        return phone(name)
    return _SIGNAL_USERNAME(name)


def _discord(name: str) -> str:
    # Legacy "Name#1234" tags were case-sensitive; new usernames are lower-case only.
    return name if _DISCORD_LEGACY.fullmatch(name) else _DISCORD_NAME(name)


def _youtube(name: str) -> str:
    # Channel ids (UC + 22 characters) are case-sensitive; @handles are not.
    return name if _YOUTUBE_CHANNEL.fullmatch(name) else _YOUTUBE_HANDLE(name)


def _at_server(name: str) -> str:
    # user@server accounts (XMPP, Mastodon): the server is a domain, the user part is
    # case-insensitive, and a trailing "/resource" names one client session, not the account.
    local, at, server = name.partition("/")[0].rpartition("@")
    if not at or not local:
        raise ValueError("write the account as user@server")
    if _SERVER_LOCAL_BAD.search(local):
        raise ValueError("the user part contains a space, @, / or :")
    return f"{local.lower()}@{domain(server)}"


def _matrix(name: str) -> str:
    local, colon, server = name.partition(":")
    if not colon or not _MATRIX_LOCAL.fullmatch(local.lower()):
        raise ValueError("write a Matrix id as user:server (from @user:server)")
    return f"{local.lower()}:{domain(server)}"


def _reddit(name: str) -> str:
    for prefix in ("/u/", "u/", "/user/", "user/"):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :]
            break
    return _REDDIT_NAME(name)


_REDDIT_NAME = _pattern(r"[a-z0-9_-]{3,20}", "3-20 of a-z 0-9 _ -")
_DIGITS = "5-12 digits"

_HANDLE_RULES: dict[str, Callable[[str], str]] = {
    "telegram": _pattern(r"[a-z0-9_]{4,32}|-?[0-9]{1,20}", "4-32 of a-z 0-9 _ or a numeric id"),
    "x": _pattern(r"[a-z0-9_]{1,50}", "letters, digits and _"),
    "facebook": _pattern(r"[a-z0-9.]{1,50}", "letters, digits and dots, or a numeric id"),
    "instagram": _pattern(r"[a-z0-9._]{1,30}", "1-30 of a-z 0-9 . _"),
    "threads": _pattern(r"[a-z0-9._]{1,30}", "1-30 of a-z 0-9 . _"),
    "tiktok": _pattern(r"[a-z0-9._]{1,24}", "1-24 of a-z 0-9 . _"),
    "snapchat": _pattern(r"[a-z][a-z0-9._-]{2,14}", "3-15 of a-z 0-9 . _ - starting a-z"),
    "discord": _discord,
    "whatsapp": phone,
    "viber": phone,
    "signal": _signal,
    "jabber": _at_server,
    "mastodon": _at_server,
    "matrix": _matrix,
    "bluesky": domain,
    "skype": _pattern(r"[a-z0-9][a-z0-9:._,-]{0,63}", "a Skype name or live:… id"),
    "reddit": _reddit,
    "github": _pattern(r"[a-z0-9][a-z0-9-]{0,38}", "1-39 of a-z 0-9 -"),
    "youtube": _youtube,
    "twitch": _pattern(r"[a-z0-9_]{3,25}", "3-25 of a-z 0-9 _"),
    "vk": _pattern(r"[a-z0-9_.]{1,64}", "letters, digits, _ and ."),
    "linkedin": _pattern(r"[a-z0-9-]{3,100}", "3-100 of a-z 0-9 -"),
    # Case rules unknown or case-sensitive: keep the spelling as given.
    "wechat": _pattern(r"[A-Za-z][A-Za-z0-9_-]{5,19}", "6-20 letters, digits, _ -", fold=False),
    "line": _pattern(r"[A-Za-z0-9._-]{1,40}", "letters, digits, . _ -", fold=False),
    "icq": _pattern(r"[0-9]{5,12}", _DIGITS),
    "qq": _pattern(r"[0-9]{5,12}", _DIGITS),
    "session": _pattern(r"05[0-9a-f]{64}", "a 66-character Session id starting 05"),
    "threema": lambda name: _THREEMA_ID(name.upper()),
    "tox": _pattern(r"[0-9a-f]{76}", "a 76-hex-digit Tox ID"),
}
_HANDLE_ALIASES = {
    "twitter": "x",
    "tg": "telegram",
    "t.me": "telegram",
    "fb": "facebook",
    "ig": "instagram",
    "wa": "whatsapp",
    "xmpp": "jabber",
    "bsky": "bluesky",
    "yt": "youtube",
    "vkontakte": "vk",
    "weixin": "wechat",
}
HANDLE_PLATFORMS = frozenset(_HANDLE_RULES)


def platform(name: str) -> str | None:
    """The known platform a (case-insensitive) name or alias refers to, if any."""
    key = name.strip().lower()
    key = _HANDLE_ALIASES.get(key, key)
    return key if key in _HANDLE_RULES else None


@lru_cache(maxsize=65536)
def handle(value: str) -> str:
    """``platform:name`` with a known lower-case platform and the name without its leading @."""
    given, colon, name = value.strip().partition(":")
    if not colon:
        raise ValueError("write a handle as platform:name, e.g. telegram:@someone")
    key = platform(given)
    name = name.strip()
    if name.startswith("@"):
        name = name[1:]
    if not name:
        raise ValueError("the name after the platform is empty")
    if key is None:
        return _on_site(given, name)
    try:
        return f"{key}:{_HANDLE_RULES[key](name)}"
    except ValueError as exc:
        raise ValueError(f"{key} name: {exc}") from None


def _on_site(site: str, name: str) -> str:
    """A handle on a platform named by its domain (a forum, a market): `xss.is:someone`.

    Forums and markets come and go faster than any list; their domain names them. Their
    case rules are unknown, so the name keeps its spelling.
    """
    known = ", ".join(sorted(_HANDLE_RULES))
    if "." not in site:
        raise ValueError(f"unknown platform {site.strip().lower()!r}: use one of {known}, or"
                         " the site's domain name (e.g. exploit.in:someone)")
    try:
        where = domain(site)
    except ValueError as exc:
        raise ValueError(
            f"platform {site.strip()!r} is neither known nor a domain: {exc}") from None
    if len(name) > 100 or any(c.isspace() for c in name):
        raise ValueError("a name on a site is at most 100 characters, without spaces")
    return f"{where}:{name}"


# --- file names ------------------------------------------------------------------------


def file_name(value: str) -> str:
    """A single file name, trimmed; other characters (even RTL overrides) are evidence, kept."""
    v = value.strip()
    if not v:
        raise ValueError("is empty")
    if "/" in v or "\\" in v:
        raise ValueError("contains a path separator; give the file name only")
    if "\x00" in v:
        raise ValueError("contains a NUL character")
    if v in (".", ".."):
        raise ValueError("'.' and '..' are not file names")
    if len(v.encode("utf-8", "surrogatepass")) > 255:
        raise ValueError("longer than 255 bytes")
    return v
