"""What the demo's intelligence is about: campaigns, marking profiles and the words reports use.

A *campaign* is one criminal operation (a ransomware brand, a phishing kit, a BEC crew, a
botnet, a darknet market) that several agencies report on; its records draw part of their
observables from a shared pool, so correlation finds the same wallet or server in reports of
different agencies. A *profile* is how sensitive a kind of report is: it sets the data
categories, purposes, TLP mix, handling codes and grading a real unit would give it.
All campaign, company and product names are invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from liaison.vocab import TLP, DataCategory, HandlingCode, Purpose, Role


class Family(StrEnum):
    RANSOMWARE = "ransomware"
    PHISHING = "phishing"
    BEC = "bec"
    BOTNET = "botnet"
    DARKNET = "darknet"


class Profile(StrEnum):
    ADVISORY = "advisory"  # public or community warning, technical indicators only
    INDICATORS = "indicators"  # indicators for blocking and analysis
    OPERATIONAL = "operational"  # case information from an ongoing investigation
    PERSONAL = "personal"  # identifies suspects
    FINANCIAL = "financial"  # accounts, wallets, payment flows
    PROSECUTION = "prosecution"  # evidence summaries, requests in preparation


TECH, PERSONAL, FINANCIAL, CASE = (DataCategory.TECHNICAL_INDICATORS, DataCategory.PERSONAL_DATA,
                                   DataCategory.FINANCIAL_DATA, DataCategory.CASE_INFORMATION)
NONE_ = (HandlingCode.NO_RESTRICTION,)
NO_EVIDENCE = (HandlingCode.NOT_EVIDENCE_WITHOUT_CONSENT,)
NO_ONWARD = (HandlingCode.NO_ONWARD_WITHOUT_CONSENT,)
BOTH = (HandlingCode.NOT_EVIDENCE_WITHOUT_CONSENT, HandlingCode.NO_ONWARD_WITHOUT_CONSENT)
OTHER = (HandlingCode.OTHER,)


@dataclass(frozen=True)
class ProfileSpec:
    categories: frozenset[DataCategory]
    purposes: tuple[Purpose, ...]
    tlps: tuple[tuple[TLP, int], ...]  # (marking, weight)
    handling: tuple[tuple[tuple[HandlingCode, ...], int], ...]
    grading: tuple[tuple[str, int], ...]  # ("B2", weight): source reliability, credibility
    authors: tuple[Role, ...]  # preferred author roles, best first


PROFILES: dict[Profile, ProfileSpec] = {
    Profile.ADVISORY: ProfileSpec(
        frozenset({TECH}), (Purpose.PREVENTION,),
        ((TLP.CLEAR, 6), (TLP.GREEN, 4)), ((NONE_, 1),),
        (("A1", 2), ("B2", 4), ("B1", 2), ("C3", 1)), (Role.ANALYST,)),
    Profile.INDICATORS: ProfileSpec(
        frozenset({TECH}), (Purpose.PREVENTION, Purpose.INVESTIGATION, Purpose.INTELLIGENCE),
        ((TLP.GREEN, 9), (TLP.AMBER, 10), (TLP.AMBER_STRICT, 1)),
        ((NONE_, 8), (NO_ONWARD, 2)),
        (("A1", 2), ("B2", 5), ("B3", 2), ("C3", 2), ("F6", 1)), (Role.ANALYST,)),
    Profile.OPERATIONAL: ProfileSpec(
        frozenset({TECH, CASE}), (Purpose.INVESTIGATION, Purpose.INTELLIGENCE),
        ((TLP.GREEN, 3), (TLP.AMBER, 12), (TLP.AMBER_STRICT, 5)),
        ((NONE_, 2), (NO_EVIDENCE, 5), (BOTH, 3)),
        (("A1", 2), ("A2", 2), ("B2", 5), ("C3", 2), ("D4", 1)),
        (Role.INVESTIGATOR, Role.ANALYST)),
    Profile.PERSONAL: ProfileSpec(
        frozenset({TECH, PERSONAL, CASE}), (Purpose.INVESTIGATION,),
        ((TLP.AMBER, 8), (TLP.AMBER_STRICT, 9), (TLP.RED, 3)),
        ((BOTH, 6), (NO_EVIDENCE, 2), (OTHER, 2)),
        (("B2", 4), ("B3", 3), ("C3", 3), ("D4", 1), ("A2", 1)),
        (Role.INVESTIGATOR, Role.SUPERVISOR, Role.LEGAL_OFFICER)),
    Profile.FINANCIAL: ProfileSpec(
        frozenset({TECH, FINANCIAL}), (Purpose.INVESTIGATION, Purpose.PREVENTION),
        ((TLP.GREEN, 3), (TLP.AMBER, 12), (TLP.AMBER_STRICT, 2)),
        ((NONE_, 3), (NO_ONWARD, 5), (OTHER, 2)),
        (("A1", 3), ("A2", 2), ("B2", 4), ("C3", 1)), (Role.ANALYST, Role.INVESTIGATOR)),
    Profile.PROSECUTION: ProfileSpec(
        frozenset({TECH, PERSONAL, CASE}), (Purpose.PROSECUTION, Purpose.INVESTIGATION),
        ((TLP.AMBER, 3), (TLP.AMBER_STRICT, 4), (TLP.RED, 3)),
        ((NO_EVIDENCE, 3), (OTHER, 2), (BOTH, 2)),
        (("A1", 4), ("A2", 3), ("B2", 2)),
        (Role.LEGAL_OFFICER, Role.SUPERVISOR, Role.INVESTIGATOR)),
}

OTHER_NOTES = (
    "Do not contact the hosting provider before the coordinated action day.",
    "Evidential use only through a formal request for mutual legal assistance.",
    "Do not alert the account holders: a freezing order is being sought.",
    "Covert phase: no overt step without the owner's consultation.",
    "Victim identities withheld; ask the owner for contact through its victim liaison.",
)

# What each kind of agency writes; national units write every kind of report.
AGENCY_PROFILES: dict[str, frozenset[Profile]] = {
    "exchange": frozenset({Profile.FINANCIAL, Profile.INDICATORS}),
    "cert": frozenset({Profile.ADVISORY, Profile.INDICATORS}),
    "pps": frozenset({Profile.PROSECUTION, Profile.PERSONAL}),
    "hub": frozenset({Profile.ADVISORY, Profile.INDICATORS, Profile.OPERATIONAL,
                      Profile.FINANCIAL}),
    "rcc": frozenset({Profile.ADVISORY, Profile.INDICATORS, Profile.OPERATIONAL,
                      Profile.PERSONAL, Profile.FINANCIAL}),
}


@dataclass(frozen=True)
class Campaign:
    name: str
    family: Family
    records: int
    owners: tuple[tuple[str, int], ...]  # (agency key, weight)
    active: tuple[int, int]  # days before now: first and last report
    victims: tuple[str, ...]  # countries where victims are (for hubs' reports)
    abroad: tuple[str, ...]  # countries where infrastructure, mules or suspects are
    ibans: tuple[str, ...] = ("LT", "DE", "ES")
    phones: tuple[str, ...] = ("GB",)
    companies: tuple[str, ...] = ()  # invented companies impersonated (BEC)
    links: tuple[str, ...] = ()  # campaigns whose infrastructure partly overlaps


COMPANIES = ("Hallstrom Logistics", "Brightwater Marine", "Norvik Shipping", "Oakridge Components",
             "Castellan Pharma", "Tavira Textiles", "Kessel Maschinenbau", "Aldana Energy",
             "Solace Medical")

CAMPAIGNS: tuple[Campaign, ...] = (
    Campaign("GlassWasp", Family.RANSOMWARE, 36,
             (("de", 5), ("fr", 3), ("nl", 3), ("us", 4), ("ua", 3), ("rcc", 2), ("hub", 2),
              ("cert", 2), ("exchange", 2), ("pps", 1)),
             (540, 20), ("DE", "FR", "NL", "PL", "US"), ("MD", "RO", "KZ", "AE"),
             links=("Quillbot Loader",)),
    Campaign("Vanta Locker", Family.RANSOMWARE, 26,
             (("us", 4), ("gb", 3), ("ua", 3), ("br", 2), ("exchange", 2), ("hub", 1),
              ("jp", 1)),
             (420, 1), ("US", "GB", "BR", "JP"), ("UA", "AE", "TR", "KZ"),
             links=("GlassWasp",)),
    Campaign("Crimson Ledger", Family.RANSOMWARE, 18,
             (("jp", 4), ("sg", 4), ("hub", 2), ("us", 1)),
             (300, 30), ("JP", "SG", "MY"), ("HK", "KH", "MY")),
    Campaign("ParcelPhish", Family.PHISHING, 30,
             (("gb", 4), ("nl", 4), ("de", 3), ("sg", 3), ("jp", 2), ("cert", 3), ("rcc", 1)),
             (540, 1), ("GB", "NL", "DE", "SG", "JP", "PL"), ("CN", "VN", "MY"),
             ibans=("LT", "GB", "NL"), phones=("GB", "NL", "SG")),
    Campaign("BankMirror", Family.PHISHING, 26,
             (("fr", 4), ("de", 3), ("br", 3), ("ng", 1), ("cert", 2), ("rcc", 1), ("nl", 2)),
             (360, 10), ("FR", "DE", "BR", "NL"), ("MA", "BR", "RO"),
             ibans=("FR", "LT", "ES", "BR"), phones=("FR", "BR", "DE"),
             links=("Silver Invoice",)),
    Campaign("TollTrap", Family.PHISHING, 14,
             (("us", 3), ("jp", 2), ("sg", 2), ("gb", 1)),
             (200, 1), ("US", "JP", "SG", "GB"), ("CN", "KH"),
             ibans=("GB", "LT"), phones=("US", "JP", "SG")),
    Campaign("Silver Invoice", Family.BEC, 34,
             (("ng", 5), ("gb", 4), ("us", 3), ("de", 2), ("nl", 2), ("sg", 1), ("pps", 1)),
             (540, 5), ("GB", "US", "DE", "NL", "SG"), ("NG", "GH", "ZA", "AE"),
             ibans=("LT", "DE", "ES", "GB", "IE"), phones=("NG", "GB", "US"),
             companies=("Hallstrom Logistics", "Brightwater Marine", "Norvik Shipping",
                        "Oakridge Components", "Castellan Pharma")),
    Campaign("Velvet Mandate", Family.BEC, 21,
             (("fr", 3), ("de", 3), ("ng", 2), ("br", 1), ("pps", 1), ("rcc", 1)),
             (400, 15), ("FR", "DE", "BR", "BE"), ("IL", "AE", "NG", "BE"),
             ibans=("FR", "BE", "PL", "LT"), phones=("FR", "DE", "NG"),
             companies=("Tavira Textiles", "Kessel Maschinenbau", "Aldana Energy",
                        "Solace Medical")),
    Campaign("Ferrous Net", Family.BOTNET, 28,
             (("de", 4), ("nl", 4), ("ua", 2), ("us", 1), ("cert", 2), ("rcc", 1), ("jp", 1)),
             (540, 60), ("DE", "NL", "PL", "UA", "JP"), ("NL", "DE", "UA", "MD")),
    Campaign("Quillbot Loader", Family.BOTNET, 22,
             (("de", 2), ("fr", 2), ("us", 3), ("gb", 2), ("hub", 1), ("cert", 2)),
             (330, 1), ("DE", "FR", "US", "GB", "PL"), ("RO", "MD", "AE"),
             links=("GlassWasp",)),
    Campaign("Umbra Bazaar", Family.DARKNET, 27,
             (("br", 4), ("us", 3), ("de", 3), ("nl", 2), ("pps", 1), ("exchange", 2),
              ("rcc", 1)),
             (540, 40), ("BR", "US", "DE", "NL"), ("PY", "NL", "RO", "BR"),
             ibans=("LT", "NL", "BR")),
    Campaign("Citadel Row", Family.DARKNET, 18,
             (("ua", 3), ("us", 2), ("gb", 2), ("sg", 2), ("hub", 1), ("exchange", 1)),
             (300, 1), ("US", "GB", "SG", "UA"), ("MD", "KZ", "VN"),
             links=("Vanta Locker",)),
)

MORE_COUNTRIES: dict[str, str] = {
    "MD": "Moldova", "RO": "Romania", "KZ": "Kazakhstan", "AE": "the United Arab Emirates",
    "TR": "Turkiye", "HK": "Hong Kong", "KH": "Cambodia", "MY": "Malaysia", "CN": "China",
    "VN": "Viet Nam", "MA": "Morocco", "GH": "Ghana", "ZA": "South Africa", "IL": "Israel",
    "BE": "Belgium", "PY": "Paraguay",
}

CITIES: dict[str, tuple[str, ...]] = {
    "DE": ("Frankfurt", "Hamburg", "Munich", "Cologne", "Stuttgart", "Leipzig", "Dortmund"),
    "FR": ("Lyon", "Lille", "Nantes", "Bordeaux", "Marseille", "Toulouse", "Rennes"),
    "NL": ("Rotterdam", "Utrecht", "Eindhoven", "Groningen", "The Hague", "Arnhem"),
    "GB": ("Manchester", "Leeds", "Bristol", "Glasgow", "Birmingham", "Cardiff"),
    "US": ("Baltimore", "Denver", "Columbus", "Atlanta", "Phoenix", "Houston", "Tampa"),
    "UA": ("Kyiv", "Lviv", "Dnipro", "Odesa", "Kharkiv", "Vinnytsia"),
    "BR": ("Sao Paulo", "Curitiba", "Recife", "Porto Alegre", "Belo Horizonte"),
    "NG": ("Lagos", "Abuja", "Port Harcourt", "Ibadan", "Benin City"),
    "SG": ("Jurong East", "Tampines", "Woodlands", "the Central Business District"),
    "JP": ("Osaka", "Nagoya", "Yokohama", "Sapporo", "Fukuoka", "Sendai"),
    "PL": ("Gdansk", "Krakow", "Poznan", "Wroclaw"),
    "MY": ("Kuala Lumpur", "Penang", "Johor Bahru"),
    "BE": ("Antwerp", "Ghent", "Liege"),
}

CURRENCIES: dict[str, tuple[str, float]] = {  # ISO 4217 code, units per US dollar
    "DE": ("EUR", 0.92), "FR": ("EUR", 0.92), "NL": ("EUR", 0.92), "BE": ("EUR", 0.92),
    "PL": ("PLN", 4.0), "GB": ("GBP", 0.79), "US": ("USD", 1.0), "UA": ("UAH", 41.0),
    "BR": ("BRL", 5.5), "NG": ("NGN", 1500.0), "SG": ("SGD", 1.35), "JP": ("JPY", 150.0),
    "MY": ("MYR", 4.7),
}

SECTORS = ("healthcare", "logistics", "water-utility", "manufacturing", "legal-services",
           "retail", "engineering", "insurance", "energy", "construction", "food-processing",
           "pharmaceutical", "accounting", "software", "shipping")
ACCESS = ("an unpatched VPN appliance", "stolen remote-desktop credentials",
          "a malicious macro in a fake job application", "an exposed file-transfer server",
          "a compromised managed-service provider", "a loader delivered by malspam",
          "SEO-poisoned downloads of an admin tool")
TOOLS = ("Rclone", "a renamed copy of AnyDesk", "Cobalt Strike beacons", "PsExec",
         "a custom SOCKS proxy", "WinSCP", "a PowerShell stager")
LURES = ("parcel redelivery fee", "unpaid road toll", "tax refund", "customs charge",
         "bank security check", "energy rebate", "invoice reminder", "voicemail notification")
BANKS = ("retail bank", "online-only bank", "cooperative bank", "savings bank",
         "credit-card issuer")
DEVICES = ("home routers", "IP cameras", "network video recorders", "smart TV boxes",
           "small-office NAS devices", "building-automation controllers")
FILES: dict[Family, tuple[str, ...]] = {
    Family.RANSOMWARE: ("{c}_restore_files.txt", "HOW-TO-DECRYPT-{c}.html", "svcupdate.exe",
                        "esxi_{c}.elf", "rclone.conf", "netscan_{n}.xml"),
    Family.PHISHING: ("parcel_notice_{n}.html", "invoice_{n}.pdf.html", "kit_v{n}.zip",
                      "index_{c}.php", "scan_{n}.pdf"),
    Family.BEC: ("Remittance_Advice_{n}.htm", "Updated_Bank_Details_{n}.pdf",
                 "payment_{n}.xlsx.lnk"),
    Family.BOTNET: ("bins_{c}.sh", "mips.{c}", "arm7.{c}", "update_{n}.msi", "loader{n}.dll",
                    "Document_{n}.js"),
    Family.DARKNET: ("vendor_pgp_{n}.asc", "mirrors_{c}.txt", "dump_{n}.csv"),
}
