"""The demo federation's agreements: bilateral arrangements and multilateral communities.

Treaty citations are real (the Convention on Cybercrime, ETS 185, and its Second Additional
Protocol, CETS 224; EU instruments); the memoranda, statutes and charters naming the invented
agencies are as fictional as the agencies. Validity windows are in days relative to the
seeding clock, so the federation looks the same whenever it is seeded.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison.demo.data import NATIONAL_UNITS
from liaison.demo.data_records import Family, Profile
from liaison.vocab import TLP, AgreementKind, AgreementStatus, DataCategory, Purpose

TECH, PERSONAL, FINANCIAL, CASE = (DataCategory.TECHNICAL_INDICATORS, DataCategory.PERSONAL_DATA,
                                   DataCategory.FINANCIAL_DATA, DataCategory.CASE_INFORMATION)
PREVENTION, INVESTIGATION, PROSECUTION, INTELLIGENCE = (
    Purpose.PREVENTION, Purpose.INVESTIGATION, Purpose.PROSECUTION, Purpose.INTELLIGENCE)


@dataclass(frozen=True)
class Suspension:
    by: str  # username of the member's officer who suspends it
    days_ago: int
    reason: str


@dataclass(frozen=True)
class AgreementSpec:
    key: str
    name: str
    members: tuple[str, ...]  # agency keys
    legal_basis: str
    legal_reference: str
    categories: frozenset[DataCategory]
    purposes: frozenset[Purpose]
    max_tlp: TLP
    retention_days: int
    onward_transfer: bool = False
    valid_from_days: int | None = None  # relative to now; negative is in the past
    valid_until_days: int | None = None
    suspension: Suspension | None = None
    # what the parties use it for in practice (None: anything in scope); guides the demo's
    # choice of channel, not the policy
    topics: frozenset[Family] | None = None
    profiles: frozenset[Profile] | None = None

    @property
    def kind(self) -> AgreementKind:
        return AgreementKind.BILATERAL if len(self.members) == 2 else AgreementKind.MULTILATERAL

    @property
    def in_force(self) -> bool:
        """Whether it is in force at the seeding clock (as `liaison.policy.in_force` will say)."""
        return (self.suspension is None
                and (self.valid_from_days is None or self.valid_from_days <= 0)
                and (self.valid_until_days is None or self.valid_until_days > 0))

    @property
    def status(self) -> AgreementStatus:
        return AgreementStatus.SUSPENDED if self.suspension else AgreementStatus.ACTIVE


def _cats(*c: DataCategory) -> frozenset[DataCategory]:
    return frozenset(c)


def _purp(*p: Purpose) -> frozenset[Purpose]:
    return frozenset(p)


_ETS_MLA = ("Convention on Cybercrime (ETS 185) Art. 25-27 (general principles of mutual "
            "assistance, spontaneous information, procedures in the absence of a treaty)")

AGREEMENTS: tuple[AgreementSpec, ...] = (
    AgreementSpec(
        "de-fr", "RDCD-LCIO Cyber Police Cooperation", ("de", "fr"),
        f"{_ETS_MLA}, implemented by a bilateral memorandum of understanding between the two "
        "units on operational police cooperation against cybercrime: joint analysis, "
        "deconfliction and exchange of case files, including named-recipient RED reporting.",
        "ETS 185 Art. 25-27; MoU RDCD-LCIO on operational cooperation",
        _cats(TECH, PERSONAL, FINANCIAL, CASE), _purp(PREVENTION, INVESTIGATION, INTELLIGENCE),
        TLP.RED, 1095, valid_from_days=-900),
    AgreementSpec(
        "nl-gb", "DDCU-TCCC Operational Cybercrime Arrangement", ("nl", "gb"),
        "Spontaneous information under ETS 185 Art. 26 and a police-to-police working "
        "arrangement covering phishing-as-a-service, bulletproof hosting and money-mule "
        "networks. Personal data only for a named investigation.",
        "ETS 185 Art. 26; NL-GB police working arrangement",
        _cats(TECH, PERSONAL, FINANCIAL, CASE), _purp(INVESTIGATION, INTELLIGENCE),
        TLP.AMBER_STRICT, 730, valid_from_days=-700),
    AgreementSpec(
        "us-ua", "PCIB-DCPS Ransomware Investigations MoU", ("us", "ua"),
        f"{_ETS_MLA}. The memorandum covers ransomware and extortion investigations, tracing "
        "of ransom payments and the preparation of requests for mutual legal assistance.",
        "ETS 185 Art. 25-27; MoU PCIB-DCPS on ransomware",
        _cats(TECH, PERSONAL, FINANCIAL, CASE), _purp(INVESTIGATION, PROSECUTION),
        TLP.RED, 1825, valid_from_days=-640,
        topics=frozenset({Family.RANSOMWARE, Family.DARKNET})),
    AgreementSpec(
        "sg-jp", "STCB-MHCD Cybercrime Information Exchange", ("sg", "jp"),
        "Police-to-police exchange under the national law of both parties (no treaty basis: "
        "one party is not a party to ETS 185). Technical indicators and case information on "
        "phishing, ransomware and botnet activity; no personal data.",
        "Bilateral police cooperation MoU STCB-MHCD",
        _cats(TECH, CASE), _purp(PREVENTION, INVESTIGATION), TLP.AMBER, 730,
        valid_from_days=-820,
        topics=frozenset({Family.PHISHING, Family.BOTNET, Family.RANSOMWARE})),
    AgreementSpec(
        "gb-ng", "TCCC-LFCU Business E-mail Compromise Working Arrangement", ("gb", "ng"),
        "Spontaneous information under ETS 185 Art. 26 and a joint working arrangement on "
        "business e-mail compromise: mule accounts, look-alike domains, recall of fraudulent "
        "transfers.",
        "ETS 185 Art. 26; joint working arrangement on BEC",
        _cats(TECH, PERSONAL, FINANCIAL), _purp(PREVENTION, INVESTIGATION), TLP.AMBER, 730,
        valid_from_days=-500,
        topics=frozenset({Family.BEC, Family.PHISHING})),
    AgreementSpec(
        "br-us", "ACCD-PCIB Darknet Market Information Exchange", ("br", "us"),
        "Exchange of vendor, escrow and hosting intelligence on darknet markets under ETS 185 "
        "Art. 26 and a bilateral memorandum.",
        "ETS 185 Art. 26; MoU ACCD-PCIB on darknet markets",
        _cats(TECH, PERSONAL, FINANCIAL, CASE), _purp(INVESTIGATION, INTELLIGENCE),
        TLP.AMBER_STRICT, 730, valid_from_days=-600,
        suspension=Suspension(
            "br.admin", 45,
            "Suspended by the Brazilian party pending a review of onward-transfer safeguards "
            "after an opinion of its data-protection authority; records already shared stay "
            "with their owners."),
        topics=frozenset({Family.DARKNET})),
    AgreementSpec(
        "de-nl", "RDCD-DDCU Botnet Takedown Arrangement", ("de", "nl"),
        "Fixed-term joint action plan under ETS 185 Art. 26 for the takedown of an IoT "
        "botnet's command-and-control infrastructure; ends with the operation's debrief.",
        "ETS 185 Art. 26; joint action plan (fixed term)",
        _cats(TECH, CASE), _purp(INVESTIGATION), TLP.AMBER_STRICT, 365,
        valid_from_days=-560, valid_until_days=-75,
        topics=frozenset({Family.BOTNET})),
    AgreementSpec(
        "gb-sg", "TCCC-STCB Cyber-Enabled Fraud Arrangement", ("gb", "sg"),
        "Signed arrangement on cyber-enabled fraud (phishing, investment and BEC fraud); it "
        "comes into force on its start date.",
        "Bilateral police cooperation arrangement TCCC-STCB",
        _cats(TECH, PERSONAL, FINANCIAL), _purp(PREVENTION, INVESTIGATION), TLP.AMBER, 730,
        valid_from_days=30,
        topics=frozenset({Family.PHISHING, Family.BEC})),
    AgreementSpec(
        "247", "24/7 Network of Convention Parties", tuple(k for k in NATIONAL_UNITS if k != "sg"),
        "Convention on Cybercrime (ETS 185) Art. 35: each party designates a point of contact "
        "available 24 hours a day, seven days a week, for immediate assistance in "
        "investigations, including technical advice and the preservation of data. Only "
        "technical indicators flow here; personal data goes through the formal channels.",
        "ETS 185 Art. 35", _cats(TECH), _purp(PREVENTION, INVESTIGATION), TLP.AMBER, 365,
        onward_transfer=True),
    AgreementSpec(
        "meridian", "Meridian Operational Cybercrime Community",
        ("rcc", "de", "fr", "nl", "gb", "ua", "pps", "cert"),
        "Statute of the Meridian Regional Cybercrime Centre, Art. 4 (tasks) and Art. 7 "
        "(operational exchange with members and associated partners); personal data processed "
        "under Directive (EU) 2016/680 and the associated partners' operational agreements.",
        "Meridian Centre Statute Art. 4, 7; Directive (EU) 2016/680",
        _cats(TECH, PERSONAL, FINANCIAL, CASE), _purp(PREVENTION, INVESTIGATION, INTELLIGENCE),
        TLP.AMBER_STRICT, 1095, valid_from_days=-1200),
    AgreementSpec(
        "orbis", "Orbis Cyber Fusion Network", ("hub", *NATIONAL_UNITS, "rcc"),
        "Rules on the processing of data of the Orbis global police organisation, Art. 10 "
        "(purposes) and Art. 27 (notices and diffusions): members share technical indicators "
        "and case information for analysis across regions.",
        "Orbis Rules on the Processing of Data Art. 10, 27",
        _cats(TECH, CASE), _purp(PREVENTION, INVESTIGATION, INTELLIGENCE), TLP.AMBER, 730),
    AgreementSpec(
        "ppp", "Crypto-Asset Abuse Public-Private Partnership",
        ("exchange", "de", "nl", "us", "ua", "sg", "hub", "rcc"),
        "Voluntary partnership charter under national anti-money-laundering law and Regulation "
        "(EU) 2023/1113 (information accompanying transfers of crypto-assets): the exchange "
        "shares wallet clusters, deposit addresses and transaction patterns linked to "
        "ransomware, fraud and darknet markets; authorities share indicators for screening. "
        "Customer identities only on a formal production order, never through this channel.",
        "PPP charter; Regulation (EU) 2023/1113; Directive (EU) 2015/849 Art. 33",
        _cats(TECH, FINANCIAL), _purp(PREVENTION, INVESTIGATION), TLP.AMBER, 365,
        valid_from_days=-480,
        profiles=frozenset({Profile.FINANCIAL})),
    AgreementSpec(
        "prosecution", "Cross-Border Cybercrime Prosecution Channel",
        ("pps", "de", "fr", "nl", "us"),
        "Mutual legal assistance under ETS 185 Art. 25-31 and the Second Additional Protocol "
        "(CETS 224) Art. 8-10; between EU members the European Investigation Order "
        "(Directive 2014/41/EU). Evidence packages, extradition files and requests in preparation.",
        "ETS 185 Art. 25-31; CETS 224 Art. 8-10; Directive 2014/41/EU",
        _cats(TECH, PERSONAL, FINANCIAL, CASE), _purp(INVESTIGATION, PROSECUTION), TLP.RED,
        3650, valid_from_days=-1000,
        profiles=frozenset({Profile.PROSECUTION, Profile.PERSONAL, Profile.OPERATIONAL})),
    AgreementSpec(
        "csirt", "Incident Response Liaison Community",
        ("cert", "de", "fr", "nl", "gb", "rcc", "exchange"),
        "Cybersecurity information-sharing arrangement under Directive (EU) 2022/2555 (NIS2) "
        "Art. 29 between the national CSIRT, law enforcement and an operator: indicators of "
        "compromise for prevention, freely shareable onward.",
        "Directive (EU) 2022/2555 Art. 29", _cats(TECH), _purp(PREVENTION), TLP.AMBER, 365,
        onward_transfer=True, valid_from_days=-400,
        profiles=frozenset({Profile.ADVISORY, Profile.INDICATORS})),
)

AGREEMENT_BY_KEY: dict[str, AgreementSpec] = {a.key: a for a in AGREEMENTS}
