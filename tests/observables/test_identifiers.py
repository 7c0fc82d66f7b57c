"""Hashes, phone numbers, IBANs, platform handles and file names."""

from __future__ import annotations

import hashlib

import pytest

from liaison.observables import InvalidObservable, normalise

# Hashes of Sednit's "Trump's Attack on Syria" lure (ESET MISP event).
ESET_MD5 = "f8e92d8b5488ea76c40601c8f1a08790"
ESET_SHA1 = "d5235d136cfcadbef431eea7253d80bde414db9d"
ESET_SHA256 = "91acb0d56771af0196e34ac95194b3d0bf3200bc5f6208caf3a91286958876f9"
# No SHA-512 in the public events: the digest of the empty file, which scanners report often.
EMPTY_SHA512 = hashlib.sha512(b"").hexdigest()


@pytest.mark.parametrize(
    ("type_", "digest"),
    [("md5", ESET_MD5), ("sha1", ESET_SHA1), ("sha256", ESET_SHA256), ("sha512", EMPTY_SHA512)],
)
def test_hashes(type_: str, digest: str) -> None:
    assert normalise(type_, digest) == digest
    assert normalise(type_, f" {digest.upper()}\t") == digest


@pytest.mark.parametrize(
    ("type_", "raw", "reason"),
    [
        ("md5", ESET_SHA1, "exactly 32 hexadecimal characters, not 40"),
        ("sha1", ESET_MD5, "exactly 40 hexadecimal characters, not 32"),
        ("sha256", ESET_SHA256[:-1], "exactly 64"),
        ("sha256", ESET_SHA256[:-1] + "g", "64 hexadecimal characters (0-9, a-f)"),
        ("sha512", EMPTY_SHA512 + "0", "exactly 128"),
        ("md5", "f8e92d8b 5488ea76c40601c8f1a08790", "hexadecimal"),
    ],
)
def test_hashes_rejected(type_: str, raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable) as info:
        normalise(type_, raw)
    assert reason in info.value.reason
    assert info.value.type == type_


@pytest.mark.parametrize(
    ("raw", "region", "canonical"),
    [
        # Ofcom's numbers reserved for drama, and the libphonenumber documentation example.
        ("+44 20 7946 0018", None, "+442079460018"),
        ("020 7946 0018", "GB", "+442079460018"),
        ("020 7946 0018", "gb", "+442079460018"),
        ("0044 20 7946 0018", None, "+442079460018"),
        ("tel:+44-20-7946-0018", None, "+442079460018"),
        ("+1 (415) 555-2671", None, "+14155552671"),
        ("+33 1 42 68 53 00", None, "+33142685300"),
        ("01 42 68 53 00", "FR", "+33142685300"),
        ("+44 7700 900123", None, "+447700900123"),  # drama mobile range: unassigned, kept
    ],
)
def test_phone_e164(raw: str, region: str | None, canonical: str) -> None:
    assert normalise("phone", raw, region=region) == canonical


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("020 7946 0018", None, "needs a default region"),
        ("020 7946 0018", "XX", "unknown country calling code or region"),
        ("+44 20 7946", None, "not a possible number"),
        ("+999 1234 5678", None, "unknown country calling code"),
        ("call me", None, "not a phone number"),
    ],
)
def test_phone_rejected(raw: str, region: str | None, reason: str) -> None:
    with pytest.raises(InvalidObservable, match=reason):
        normalise("phone", raw, region=region)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        # Examples from the IBAN registry (SWIFT) and national banking associations.
        ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
        ("gb82west12345698765432", "GB82WEST12345698765432"),
        ("IBAN DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("IBAN: FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
        ("NL91-ABNA-0417-1643-00", "NL91ABNA0417164300"),
    ],
)
def test_iban(raw: str, canonical: str) -> None:
    assert normalise("iban", raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("GB82 WEST 1234 5698 7654 33", "checksum"),
        ("DE89 3704 0044 0532 0130 0", "length"),
        ("XX82 WEST 1234 5698 7654 32", "unknown country-code"),
        ("not an iban", "not a valid iban"),
    ],
)
def test_iban_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable) as info:
        normalise("iban", raw)
    assert reason in info.value.reason.lower()


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        # Telegram channels named in MISP galaxy's ransomware cluster.
        ("telegram:@arvin_club", "telegram:arvin_club"),
        ("Telegram:@Snatch_News", "telegram:snatch_news"),
        ("tg:bjorkanesiaaaa", "telegram:bjorkanesiaaaa"),
        ("twitter:@Jack", "x:jack"),
        ("X:@jack", "x:jack"),
        ("instagram:@Some.One_", "instagram:some.one_"),
        ("github:KsRD18pro", "github:ksrd18pro"),
        ("reddit:/u/Spez", "reddit:spez"),
        ("discord:Wumpus#0001", "discord:Wumpus#0001"),
        ("discord:Wumpus", "discord:wumpus"),
        ("youtube:UCBR8-60-B28hp2BmDPdntcQ", "youtube:UCBR8-60-B28hp2BmDPdntcQ"),
        ("youtube:@GoogleDevelopers", "youtube:googledevelopers"),
        ("whatsapp:+44 20 7946 0018", "whatsapp:+442079460018"),
        ("signal:+44 20 7946 0018", "signal:+442079460018"),
        ("signal:Crook.42", "signal:crook.42"),
        ("jabber:Bob@Exploit.IM/laptop", "jabber:bob@exploit.im"),
        ("xmpp:bob[at]jabber[.]ru", "jabber:bob@jabber.ru"),
        ("mastodon:@Someone@Mastodon.Social", "mastodon:someone@mastodon.social"),
        ("matrix:@Bob:Matrix.org", "matrix:bob:matrix.org"),
        ("bluesky:Someone.BSKY.social", "bluesky:someone.bsky.social"),
        ("skype:live:.cid.1234abcd", "skype:live:.cid.1234abcd"),
        ("wechat:AbcDef_12", "wechat:AbcDef_12"),
        ("threema:abcd1234", "threema:ABCD1234"),
        ("vkontakte:Durov", "vk:durov"),
        ("  facebook : @zuck ", "facebook:zuck"),
        # forums and markets are named by their domain; the name keeps its spelling
        ("XSS.is:@LockBitSupp", "xss.is:LockBitSupp"),
        ("exploit[.]in:Wazawaka", "exploit.in:Wazawaka"),
        ("tox:" + "AB" * 38, "tox:" + "ab" * 38),
    ],
)
def test_handles(raw: str, canonical: str) -> None:
    assert normalise("handle", raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("@someone", "platform:name"),
        ("myspace:tom", "unknown platform 'myspace'"),
        ("telegram:", "empty"),
        ("telegram:@", "empty"),
        ("telegram:bad name", "telegram name: expected"),
        ("x:" + "a" * 51, "x name"),
        ("whatsapp:020 7946 0018", "needs a default region"),
        ("jabber:bob", "user@server"),
        ("exploit.in:two words", "without spaces"),
        ("bad_site.:x", "neither known nor a domain"),
        ("tox:abc", "76-hex-digit"),
    ],
)
def test_handles_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable, match=reason):
        normalise("handle", raw)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        # File names from ESET's Sednit and Turla MISP events.
        ("Trump's_Attack_on_Syria_English.docx", "Trump's_Attack_on_Syria_English.docx"),
        *[(name, name) for name in ["SCANPASS_QXWEGRFGCVT_323803488900X_jpeg.exe"]],
        ("  msmime.dll\n", "msmime.dll"),
        ("DOVIDNIK - (2018).zip", "DOVIDNIK - (2018).zip"),
        ("invoice[.]pdf[.]exe", "invoice.pdf.exe"),
        # A right-to-left override disguising an .exe is the evidence: kept.
        ("photo\u202egpj.exe", "photo\u202egpj.exe"),
        ("ü" * 127, "ü" * 127),
    ],
)
def test_file_names(raw: str, canonical: str) -> None:
    assert normalise("file_name", raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("%appdata%\\Microsoft\\Windows\\scawrdot.db", "path separator"),  # ESET Turla event
        ("/tmp/.config/adobe", "path separator"),
        ("a\x00b", "NUL"),
        ("   ", "empty"),
        ("..", "not file names"),
        ("ü" * 128, "255 bytes"),
    ],
)
def test_file_names_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidObservable, match=reason):
        normalise("file_name", raw)
