"""A small world for console tests, built through the services as users would build it.

Police in the Netherlands and Germany share under a bilateral agreement (an older pilot
between them has lapsed); a French CERT has no agreement in force with either (its taskforce
with the Dutch is suspended). Alice (NL) owns one record shared with her partners and one she
keeps to her agency; Bob (DE) and Carol (FR) are the two kinds of viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from liaison.accounts import service as accounts
from liaison.accounts.principal import Principal
from liaison.accounts.schemas import UserCreate
from liaison.agencies import service as agencies
from liaison.agencies.schemas import AgencyCreate
from liaison.agreements import service as agreements
from liaison.agreements.schemas import AgreementCreate
from liaison.db import transaction
from liaison.intel import service as intel
from liaison.intel.schemas import RecordCreate
from liaison.vocab import AgreementStatus

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class World:
    nl: str
    de: str
    fr: str
    agreement: str
    agreement_name: str
    shared: str
    private: str
    lapsed: str
    suspended: str


def _agency(session: Session, name: str, short: str, country: str, kind: str,
            now: datetime) -> str:
    data = AgencyCreate(name=name, short_name=short, country=country, kind=kind,
                        timezone="Europe/Berlin")
    return agencies.create_agency(session, data, now).id


def _user(session: Session, agency_id: str, username: str, name: str, now: datetime) -> Principal:
    user = accounts.create_user(session, UserCreate(
        agency_id=agency_id, username=username, display_name=name, password=PASSWORD,
        roles=["analyst"]), now)
    return Principal.of(user)


def build(factory: sessionmaker[Session], now: datetime) -> World:
    """Create and commit the world; returns the ids tests need."""
    with transaction(factory) as session:
        nl = _agency(session, "Polder Digital Crime Unit", "NL-PDCU", "NL", "police",
                     now)
        de = _agency(session, "Hessen Cyber Investigations Office", "DE-HCIO", "DE", "police",
                     now)
        fr = _agency(session, "French National CERT", "FR-CERT", "FR", "cert", now)
        alice = _user(session, nl, "alice", "Alice de Vries", now)
        _user(session, de, "bob", "Bob Becker", now)
        _user(session, fr, "carol", "Carol Martin", now)
        pact = agreements.create_agreement(session, AgreementCreate(
            name="NL-DE Cybercrime Cooperation", kind="bilateral",
            legal_basis="Treaty between the Kingdom of the Netherlands and the Federal "
                        "Republic of Germany on police cooperation, Art. 4.",
            legal_reference="NL-DE/2024/17", member_ids=[nl, de],
            categories=["technical_indicators", "case_information"],
            purposes=["investigation", "intelligence"], max_tlp="amber+strict",
            retention_days=730, valid_from=now - timedelta(days=30)), now)
        lapsed = agreements.create_agreement(session, AgreementCreate(
            name="NL-DE Pilot 2025", kind="bilateral", legal_basis="Pilot exchange letter.",
            legal_reference="NL-DE/2025/PILOT", member_ids=[nl, de],
            categories=["technical_indicators"], purposes=["prevention"], max_tlp="green",
            retention_days=90, valid_from=now - timedelta(days=400),
            valid_until=now - timedelta(days=35)), now)
        paused = agreements.create_agreement(session, AgreementCreate(
            name="NL-FR Botnet Taskforce", kind="bilateral", legal_basis="Taskforce charter.",
            legal_reference="NL-FR/2026/BOT", member_ids=[nl, fr],
            categories=["technical_indicators"], purposes=["investigation"], max_tlp="amber",
            retention_days=365), now)
        agreements.set_status(session, paused, AgreementStatus.SUSPENDED,
                              "Data-protection review pending", now)
        shared = intel.create_record(session, RecordCreate(
            title="Phishing kit targeting Dutch and German banks",
            summary="Kit hosted on bullet-proof infrastructure; <b>not</b> markup.",
            offences=["computer_related_fraud", "illegal_access"], tlp="amber",
            handling_codes=["no_onward_without_consent"], source_reliability="B",
            information_credibility=2, distribution="partners",
            categories=["technical_indicators"], purpose="investigation",
            expires_at=now + timedelta(days=180),
            observables=[{"type": "domain", "value": "login-bank-secure.example"},
                         {"type": "ipv4", "value": "203.0.113.7", "comment": "C2 server"}]),
            now, alice)
        private = intel.create_record(session, RecordCreate(
            title="Internal lead on ransomware affiliate", offences=["data_interference"],
            tlp="amber", distribution="owner", categories=["case_information"],
            purpose="investigation"), now, alice)
        return World(nl, de, fr, pact.id, pact.name, shared.id, private.id, lapsed.id,
                     paused.id)
