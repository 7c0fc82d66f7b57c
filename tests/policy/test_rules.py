"""One readable example per sharing rule: the decision, its `rule` and the reason it gives.

Every decision is also checked against the SQL filter (see `helpers.decision_for`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from liaison.vocab import (
    TLP,
    AgreementStatus,
    DataCategory,
    Distribution,
    Purpose,
)

from .helpers import decision_for, make_agency, make_agreement, make_record


def test_owner_sees_its_own_record(session: Session, now: datetime) -> None:
    owner = make_agency(session, "NL-POL")
    record = make_record(session, owner, tlp=TLP.RED, distribution=Distribution.OWNER)

    decision = decision_for(session, record, owner, now)

    assert decision.visible
    assert decision.rule == "owner"
    assert "owns" in decision.reason


def test_expired_record_is_hidden_from_everyone_but_its_owner(
    session: Session, now: datetime
) -> None:
    owner, partner = make_agency(session, "NL-POL"), make_agency(session, "BE-POL")
    make_agreement(session, "NL-BE", [owner, partner])
    record = make_record(session, owner, expires_at=now)  # expiry is exclusive: gone at `now`

    decision = decision_for(session, record, partner, now)

    assert not decision.visible
    assert decision.rule == "hidden"
    assert "expired on 2026-11-29" in decision.reason
    assert decision_for(session, record, owner, now).visible


def test_clear_record_for_everyone_is_public_without_an_agreement(
    session: Session, now: datetime
) -> None:
    owner, stranger = make_agency(session, "NL-CERT"), make_agency(session, "PT-PJ")
    record = make_record(session, owner, tlp=TLP.CLEAR, distribution=Distribution.EVERYONE)

    decision = decision_for(session, record, stranger, now)

    assert decision.visible
    assert decision.rule == "public"
    assert "TLP:CLEAR" in decision.reason
    assert "everyone" in decision.reason
    assert decision.agreement_id is None


def test_owner_only_distribution_is_hidden_even_from_partners(
    session: Session, now: datetime
) -> None:
    owner, partner = make_agency(session, "NL-POL"), make_agency(session, "BE-POL")
    make_agreement(session, "NL-BE", [owner, partner])
    record = make_record(session, owner, tlp=TLP.CLEAR, distribution=Distribution.OWNER)

    decision = decision_for(session, record, partner, now)

    assert not decision.visible
    assert decision.rule == "hidden"
    assert "keeps this record to itself" in decision.reason


def test_named_recipients_see_it_and_other_members_do_not(session: Session, now: datetime) -> None:
    owner, named, other = (make_agency(session, s) for s in ("NL-POL", "BE-POL", "DE-BKA"))
    community = make_agreement(session, "EU-CYBER", [owner, named, other])
    record = make_record(session, owner, distribution=Distribution.AGENCIES, recipients=[named])

    seen = decision_for(session, record, named, now)
    unseen = decision_for(session, record, other, now)

    assert seen.visible
    assert seen.rule == "agreement"
    assert "named as a recipient" in seen.reason
    assert seen.agreement_id == community.id
    assert "EU-CYBER" in seen.reason
    assert not unseen.visible
    assert unseen.rule == "hidden"
    assert "not among the named recipients" in unseen.reason


def test_agreement_distribution_reaches_its_members_only(session: Session, now: datetime) -> None:
    owner, member, outsider = (make_agency(session, s) for s in ("NL-POL", "BE-POL", "FR-OFAC"))
    benelux = make_agreement(session, "BENELUX", [owner, member])
    make_agreement(session, "NL-FR", [owner, outsider])  # a partner, but not in BENELUX
    record = make_record(session, owner, distribution=Distribution.AGREEMENT, agreement=benelux)

    seen = decision_for(session, record, member, now)
    unseen = decision_for(session, record, outsider, now)

    assert seen.visible
    assert seen.rule == "agreement"
    assert seen.agreement_id == benelux.id
    assert "BENELUX" in seen.reason
    assert "this agreement's members" in seen.reason
    assert not unseen.visible
    assert unseen.rule == "hidden"
    assert "an agreement your agency is not in" in unseen.reason


def test_partners_distribution_reaches_agencies_with_an_agreement(
    session: Session, now: datetime
) -> None:
    owner, partner, stranger = (make_agency(session, s) for s in ("NL-POL", "BE-POL", "PT-PJ"))
    make_agreement(session, "NL-BE", [owner, partner])
    record = make_record(session, owner, distribution=Distribution.PARTNERS)

    seen = decision_for(session, record, partner, now)
    unseen = decision_for(session, record, stranger, now)

    assert seen.visible
    assert seen.rule == "agreement"
    assert "NL-BE" in seen.reason
    assert "all the owner's partners" in seen.reason
    assert not unseen.visible
    assert unseen.rule == "hidden"
    assert "No agreement in force binds the owner and your agency" in unseen.reason


def test_red_goes_only_to_agencies_named_explicitly(session: Session, now: datetime) -> None:
    owner, partner = make_agency(session, "NL-POL"), make_agency(session, "BE-POL")
    make_agreement(session, "NL-BE", [owner, partner], max_tlp=TLP.RED)
    to_partners = make_record(session, owner, tlp=TLP.RED, distribution=Distribution.PARTNERS)
    to_named = make_record(
        session, owner, tlp=TLP.RED, distribution=Distribution.AGENCIES, recipients=[partner]
    )

    hidden = decision_for(session, to_partners, partner, now)
    shown = decision_for(session, to_named, partner, now)

    assert not hidden.visible
    assert hidden.rule == "hidden"
    assert "TLP:RED is shared only with agencies named explicitly" in hidden.reason
    assert shown.visible
    assert shown.rule == "agreement"
    assert "named as a recipient" in shown.reason
    assert "TLP:RED" in shown.reason


def test_suspended_agreement_grants_nothing(session: Session, now: datetime) -> None:
    owner, partner = make_agency(session, "NL-POL"), make_agency(session, "BE-POL")
    make_agreement(session, "NL-BE", [owner, partner], status=AgreementStatus.SUSPENDED)
    record = make_record(session, owner, distribution=Distribution.PARTNERS)

    decision = decision_for(session, record, partner, now)

    assert not decision.visible
    assert decision.rule == "hidden"
    assert "No agreement in force" in decision.reason


def test_agreement_past_its_valid_until_grants_nothing(session: Session, now: datetime) -> None:
    owner, partner = make_agency(session, "NL-POL"), make_agency(session, "BE-POL")
    make_agreement(
        session,
        "NL-BE",
        [owner, partner],
        valid_from=now - timedelta(days=365),
        valid_until=now,  # ends exactly now: over
    )
    record = make_record(session, owner, distribution=Distribution.PARTNERS)

    decision = decision_for(session, record, partner, now)

    assert not decision.visible
    assert decision.rule == "hidden"
    assert "No agreement in force" in decision.reason
    # one microsecond earlier it was still in force
    assert decision_for(session, record, partner, now - timedelta(microseconds=1)).visible


def test_category_not_permitted_by_the_agreement(session: Session, now: datetime) -> None:
    owner, partner = make_agency(session, "NL-POL"), make_agency(session, "NL-CERT")
    make_agreement(
        session,
        "NL-CSIRT",
        [owner, partner],
        categories=[DataCategory.TECHNICAL_INDICATORS],
    )
    record = make_record(
        session,
        owner,
        categories=[DataCategory.TECHNICAL_INDICATORS, DataCategory.PERSONAL_DATA],
    )

    decision = decision_for(session, record, partner, now)

    assert not decision.visible
    assert decision.rule == "hidden"
    assert "NL-CSIRT does not permit personal data" in decision.reason


def test_purpose_not_permitted_by_the_agreement(session: Session, now: datetime) -> None:
    owner, partner = make_agency(session, "NL-POL"), make_agency(session, "BE-POL")
    make_agreement(session, "NL-BE", [owner, partner], purposes=[Purpose.PREVENTION])
    record = make_record(session, owner, purpose=Purpose.PROSECUTION)

    decision = decision_for(session, record, partner, now)

    assert not decision.visible
    assert decision.rule == "hidden"
    assert "NL-BE does not permit the purpose prosecution" in decision.reason


def test_tlp_above_the_agreement_maximum(session: Session, now: datetime) -> None:
    owner, partner = make_agency(session, "NL-POL"), make_agency(session, "BE-POL")
    make_agreement(session, "NL-BE", [owner, partner], max_tlp=TLP.GREEN)
    record = make_record(session, owner, tlp=TLP.AMBER)

    decision = decision_for(session, record, partner, now)

    assert not decision.visible
    assert decision.rule == "hidden"
    assert "NL-BE carries at most TLP:GREEN, the record is TLP:AMBER" in decision.reason


def test_any_one_fitting_agreement_is_enough(session: Session, now: datetime) -> None:
    owner, partner = make_agency(session, "NL-POL"), make_agency(session, "BE-POL")
    make_agreement(session, "A-NARROW", [owner, partner], max_tlp=TLP.CLEAR)
    make_agreement(session, "B-WIDE", [owner, partner], max_tlp=TLP.AMBER)
    record = make_record(session, owner, tlp=TLP.AMBER)

    decision = decision_for(session, record, partner, now)

    assert decision.visible
    assert decision.rule == "agreement"
    assert decision.agreement_name == "B-WIDE"
