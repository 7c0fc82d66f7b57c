"""Templates and the words the console shows for stored codes.

Autoescaping is always on and undefined names fail loudly, so a template typo is a test
failure rather than an empty cell, and no stored text can become markup.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pycountry
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from liaison import __version__
from liaison.agreements.schemas import AgreementRead
from liaison.api.deps import context
from liaison.observables import ObservableType
from liaison.vocab import (
    INFORMATION_CREDIBILITY,
    SOURCE_RELIABILITY,
    TLP,
    AgreementStatus,
    Offence,
)
from liaison.web.session import Viewer

TEMPLATES = Path(__file__).parent / "templates"

DISTRIBUTION = {
    "owner": "Owner agency only",
    "agencies": "Named agencies",
    "agreement": "Members of an agreement",
    "partners": "All the owner's partners under agreements in force",
    "everyone": "Everyone on the platform",
}
HANDLING = {
    "no_restriction": "No restriction",
    "not_evidence_without_consent": "Not to be used as evidence without the owner's consent",
    "no_onward_without_consent": "No onward transfer without the owner's consent",
    "other": "Other restriction (see note)",
}
TLP_MEANING = {  # FIRST TLP 2.0 definitions, shortened
    "red": "For the eyes and ears of individual recipients only, no further disclosure.",
    "amber+strict": "Limited disclosure, restricted to the recipient's organisation only.",
    "amber": "Limited disclosure, recipients may share on a need-to-know basis within their "
             "organisation and its clients.",
    "green": "Limited disclosure, recipients may share within their community.",
    "clear": "Disclosure is not limited.",
}
OBSERVABLE_LABELS = {
    "ipv4": "IPv4 address", "ipv6": "IPv6 address", "cidr": "IP network (CIDR)",
    "domain": "Domain", "url": "URL", "email": "E-mail address", "md5": "MD5", "sha1": "SHA-1",
    "sha256": "SHA-256", "sha512": "SHA-512", "btc_address": "Bitcoin address",
    "eth_address": "Ethereum address", "xmr_address": "Monero address", "phone": "Phone number",
    "iban": "IBAN", "onion": "Onion address", "asn": "AS number", "handle": "Handle",
    "file_name": "File name",
}
RULES = {
    "owner": "Your agency's record",
    "public": "Public on this platform",
    "agreement": "Shared under an agreement",
}


def when(value: datetime | None) -> str:
    return "—" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def day(value: datetime | None) -> str:
    return "—" if value is None else value.strftime("%Y-%m-%d")


def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    return found.name if found is not None else code


def words(code: object) -> str:
    """A stored code as words: 'technical_indicators' → 'Technical indicators'."""
    text = str(getattr(code, "value", code)).replace("_", " ")
    return text[:1].upper() + text[1:]


def observable_label(code: str) -> str:
    return OBSERVABLE_LABELS.get(code) or words(code)


def tlp(slug: str) -> TLP:
    return TLP.parse(slug)


def offence(value: str) -> Offence | None:
    try:
        return Offence(value)
    except ValueError:
        return None


def standing(agreement: AgreementRead, now: datetime) -> str:
    """Why an agreement is or is not in force, in one line (the policy's in_force decides)."""
    if agreement.in_force:
        return "In force"
    if agreement.status != AgreementStatus.ACTIVE:
        note = f": {agreement.status_reason}" if agreement.status_reason else ""
        return f"Not in force — {agreement.status}{note}"
    if agreement.valid_from is not None and agreement.valid_from > now:
        return f"Not in force — takes effect on {day(agreement.valid_from)}"
    if agreement.valid_until is not None and agreement.valid_until <= now:
        return f"Not in force — its validity ended on {day(agreement.valid_until)}"
    return "Not in force"


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(when=when, day=day, country=country_name, words=words,
                       observable=observable_label)
    env.globals.update(
        version=__version__, tlp=tlp, offence=offence, TLPS=list(TLP), OFFENCES=list(Offence),
        OBSERVABLE_TYPES=list(ObservableType), STATUSES=list(AgreementStatus),
        SOURCE_RELIABILITY=SOURCE_RELIABILITY, INFORMATION_CREDIBILITY=INFORMATION_CREDIBILITY,
        DISTRIBUTION=DISTRIBUTION, HANDLING=HANDLING, RULES=RULES, TLP_MEANING=TLP_MEANING,
        standing=standing,
    )
    return env


ENV = _environment()


def page(request: Request, template: str, *, status: int = 200, nav: str = "",
         viewer: Viewer | None = None, **values: Any) -> HTMLResponse:
    """Render a console page; the layout needs the viewer (None on the login page)."""
    html = ENV.get_template(template).render(
        viewer=viewer, nav=nav, node=context(request).settings.node_name, **values)
    return HTMLResponse(html, status_code=status)
