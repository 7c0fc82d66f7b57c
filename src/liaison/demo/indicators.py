"""Deterministic, well-formed fake observable values for the demo data.

Every value passes `liaison.observables.normalise` unchanged and is valid in its own right where a
format has a checksum: IBANs carry correct check digits, bitcoin addresses correct base58check
or bech32 checksums, onion addresses the v3 checksum and version byte. Phone numbers use
ranges reserved for fiction where a country has one; IPv6 and ASNs come from documentation
ranges; domains are invented.
"""

from __future__ import annotations

import hashlib
import ipaddress
import random
from base64 import b32encode
from collections.abc import Callable

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

# IPv4 documentation ranges (RFC 5737) and first octets of address space that looks like
# ordinary hosting; every generated address is checked to be globally routable.
_DOC_NETS = ("192.0.2", "198.51.100", "203.0.113")
_PUBLIC_FIRST = (5, 23, 31, 37, 45, 46, 62, 77, 79, 80, 85, 89, 91, 92, 93, 94, 95, 103,
                 104, 107, 138, 139, 141, 146, 149, 151, 154, 158, 159, 162, 167, 176, 178,
                 185, 188, 193, 194, 195, 206, 209, 212, 213, 217)


def ipv4(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return f"{rng.choice(_DOC_NETS)}.{rng.randint(1, 254)}"
    while True:
        text = (f"{rng.choice(_PUBLIC_FIRST)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}."
                f"{rng.randint(1, 254)}")
        if ipaddress.IPv4Address(text).is_global:
            return text


def ipv6(rng: random.Random) -> str:
    groups = (rng.randint(1, 0xFFFF), rng.randint(0, 0xFFFF), rng.randint(1, 0xFFF))
    return str(ipaddress.IPv6Address("2001:db8:{:x}:{:x}::{:x}".format(*groups)))


def asn(rng: random.Random) -> str:
    return f"AS{rng.choice([rng.randint(64496, 64511), rng.randint(65536, 65551)])}"


def hex_digest(rng: random.Random, size: int) -> str:
    return rng.randbytes(size).hex()


# --- bitcoin -----------------------------------------------------------------------------

def _base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = _B58[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if (top >> i) & 1 else 0
    return chk


def _bech32(hrp: str, witness_version: int, program: bytes) -> str:
    acc, bits, data = 0, 0, [witness_version]
    for byte in program:  # 8-bit groups to 5-bit groups
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = _bech32_polymod(expanded + data + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + checksum)


def btc_address(rng: random.Random) -> str:
    """P2WPKH (bech32), P2PKH or P2SH, with random key hashes and valid checksums."""
    roll = rng.random()
    if roll < 0.5:
        return _bech32("bc", 0, rng.randbytes(20))
    return _base58check((b"\x00" if roll < 0.8 else b"\x05") + rng.randbytes(20))


def eth_address(rng: random.Random) -> str:
    return "0x" + rng.randbytes(20).hex()  # all lower case: valid without an EIP-55 checksum


# --- onion v3 ----------------------------------------------------------------------------

def onion(rng: random.Random) -> str:
    key = rng.randbytes(32)
    version = b"\x03"
    checksum = hashlib.sha3_256(b".onion checksum" + key + version).digest()[:2]
    return b32encode(key + checksum + version).decode().lower() + ".onion"


# --- IBAN --------------------------------------------------------------------------------

def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))


def _french_bban(rng: random.Random) -> str:
    bank, branch, account = _digits(rng, 5), _digits(rng, 5), _digits(rng, 11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return f"{bank}{branch}{account}{key:02d}"


_BBAN: dict[str, Callable[[random.Random], str]] = {
    "DE": lambda r: _digits(r, 18),
    "FR": _french_bban,
    "NL": lambda r: _letters(r, 4) + _digits(r, 10),
    "GB": lambda r: _letters(r, 4) + _digits(r, 14),
    "LT": lambda r: _digits(r, 16),
    "ES": lambda r: _digits(r, 20),
    "PL": lambda r: _digits(r, 24),
    "UA": lambda r: _digits(r, 25),
    "BE": lambda r: _digits(r, 12),
    "IE": lambda r: _letters(r, 4) + _digits(r, 14),
    "BR": lambda r: _digits(r, 23) + "C1",
}


def iban(rng: random.Random, country: str) -> str:
    bban = _BBAN[country](rng)
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def iban_countries() -> tuple[str, ...]:
    return tuple(_BBAN)


# --- phone numbers (E.164) ---------------------------------------------------------------

_PHONE: dict[str, Callable[[random.Random], str]] = {
    "GB": lambda r: f"+447700900{r.randint(0, 999):03d}",  # Ofcom range for drama
    "US": lambda r: f"+1{r.choice(['202', '312', '415', '646', '713'])}55501{r.randint(0, 99):02d}",
    "FR": lambda r: f"+3363998{r.randint(0, 9999):04d}",  # ARCEP range for fiction
    "DE": lambda r: f"+4915{r.randint(1, 9)}{_digits(r, 8)}",
    "NL": lambda r: f"+316{_digits(r, 8)}",
    "NG": lambda r: f"+234{r.choice(['803', '806', '813', '906'])}{_digits(r, 7)}",
    "BR": lambda r: f"+55{r.choice(['11', '21', '41', '81'])}9{_digits(r, 8)}",
    "SG": lambda r: f"+65{r.choice('89')}{_digits(r, 7)}",
    "JP": lambda r: f"+81{r.choice(['70', '80', '90'])}{_digits(r, 8)}",
    "UA": lambda r: f"+380{r.choice(['50', '63', '67', '93'])}{_digits(r, 7)}",
}


def phone(rng: random.Random, country: str) -> str:
    return _PHONE.get(country, _PHONE["GB"])(rng)


# --- names on the internet ---------------------------------------------------------------

_TLDS = ("com", "net", "info", "top", "xyz", "online", "site", "shop", "live", "click", "cc",
         "app", "support", "icu", "biz")
_WORDS = {
    "phishing": ("parcel", "delivery", "post", "customs", "track", "secure", "account",
                 "verify", "login", "auth", "refund", "tax", "wallet", "billing", "support",
                 "client", "portal", "pay", "redelivery", "fee", "id", "check", "online",
                 "banking", "update"),
    "ransomware": ("cdn", "update", "sync", "telemetry", "static", "api", "cloud", "edge",
                   "metrics", "assets", "backup", "storage", "files", "mirror", "relay"),
    "botnet": ("panel", "gate", "node", "proxy", "stat", "ping", "srv", "loader", "task",
               "report", "dns", "time", "cfg"),
    "darknet": ("market", "bazaar", "shop", "vendor", "escrow", "forum", "board", "mirror",
                "links", "guide"),
    "bec": ("invoice", "payments", "finance", "accounts", "remit", "supplier", "treasury",
            "group", "mail", "office"),
}


def domain(rng: random.Random, theme: str) -> str:
    words = _WORDS[theme]
    if theme == "botnet" and rng.random() < 0.4:  # DGA-looking
        letters = "abcdefghijklmnopqrstuvwxyz"
        label = "".join(rng.choice(letters) for _ in range(rng.randint(10, 16)))
        return f"{label}.{rng.choice(('xyz', 'top', 'biz', 'info'))}"
    parts = rng.sample(words, 2)
    if rng.random() < 0.4:
        parts.append(str(rng.randint(2, 99)))
    return "-".join(parts) + "." + rng.choice(_TLDS)


def lookalike(rng: random.Random, company: str) -> str:
    """A typo-squat of an invented company's domain, as BEC crews register them."""
    slug = company.lower().replace(" ", "-")
    swaps = [("l", "1"), ("o", "0"), ("i", "l"), ("m", "rn"), ("e", "a"), ("-", "")]
    old, new = rng.choice([s for s in swaps if s[0] in slug])
    index = slug.find(old)
    fake = slug[:index] + new + slug[index + len(old):]
    if fake == slug:
        fake = slug + "-group"
    return f"{fake}.{rng.choice(('com', 'net', 'co', 'biz'))}"


def url(rng: random.Random, host: str, theme: str) -> str:
    paths = {
        "phishing": ("login", "verify/account", "parcel/pay", "secure/update", "track?id={n}",
                     "auth/session", "customs/fee"),
        "ransomware": ("blog", "chat/{n}", "leaks/{n}", "download/stage2.bin", "upd/check"),
        "botnet": ("gate.php", "panel/login", "api/v2/tasks", "cfg/{n}.bin", "report"),
        "darknet": ("market", "vendor/{n}", "forum/thread/{n}", "escrow", "login"),
        "bec": ("docs/invoice-{n}.html", "sharepoint/remittance", "owa/auth", "view/{n}"),
    }[theme]
    scheme = "http" if host.endswith(".onion") else "https"
    return f"{scheme}://{host}/" + rng.choice(paths).format(n=rng.randint(1000, 99999))


_ALIAS_A = ("dark", "ghost", "cold", "iron", "night", "silent", "grey", "lucky", "black",
            "frost", "static", "hollow", "red", "velvet", "quiet", "null", "rusty", "neon")
_ALIAS_B = ("fox", "byte", "wolf", "vector", "hawk", "root", "coder", "lynx", "mule",
            "trader", "crow", "shell", "ghost", "pike", "otter", "viper", "smith", "owl")


def alias(rng: random.Random) -> str:
    sep = rng.choice(("", "_", "."))
    tail = str(rng.randint(1, 99)) if rng.random() < 0.5 else ""
    return f"{rng.choice(_ALIAS_A)}{sep}{rng.choice(_ALIAS_B)}{tail}"


def handle(rng: random.Random) -> str:
    name = alias(rng)
    platform = rng.choice(("telegram", "telegram", "jabber", "forum", "tox", "session"))
    if platform == "telegram":
        return f"telegram:@{name.replace('.', '_')}"
    if platform == "jabber":
        server = rng.choice(("xmpp.example", "jabb3r.example", "exploit-im.example"))
        return f"jabber:{name}@{server}"
    if platform == "tox":
        return f"tox:{rng.getrandbits(304):076x}"
    if platform == "session":
        return f"session:05{rng.getrandbits(256):064x}"
    return f"{rng.choice(('darkforum.example', 'carders-board.example'))}:{name}"


def email(rng: random.Random, host: str, theme: str) -> str:
    locals_ = {
        "phishing": ("results", "drop", "logs", "admin", "kit", "box"),
        "ransomware": ("decrypt", "support", "restore", "recovery", "contact"),
        "botnet": ("admin", "abuse", "reg", "ops"),
        "darknet": ("support", "vendor", "admin", "escrow"),
        "bec": ("accounts.payable", "finance", "ceo.office", "treasury", "payments", "cfo"),
    }[theme]
    local = rng.choice(locals_)
    if theme != "bec":
        local += str(rng.randint(1, 999))
    return f"{local}@{host}"
