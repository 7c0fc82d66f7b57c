"""The Python form of the sharing rule, with a reason a user can read.

Rules, in order (issue #2, section 3):
1. The owner always sees its record.
2. An expired record is visible to nobody else.
3. A TLP:CLEAR record distributed to everyone is public to every agency (no agreement needed).
4. Otherwise the distribution must include the viewer: named agencies; members of a named
   agreement that is in force; partners; everyone. TLP:RED goes only to agencies named
   explicitly.
5. And an agreement in force that binds owner and viewer must permit every data category of
   the record, for its purpose, at or above its TLP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.agreements.models import Agreement, agreement_members
from liaison.clock import as_utc
from liaison.intel.models import Record
from liaison.policy.scope import in_force, in_force_clause
from liaison.vocab import (
    TLP,
    Distribution,
    Purpose,
    mask_to_categories,
)


@dataclass(frozen=True)
class Decision:
    visible: bool
    rule: str  # owner | public | agreement | hidden
    reason: str
    agreement_id: str | None = None
    agreement_name: str | None = None


def _scope_misfit(agreement: Agreement, record: Record) -> str | None:
    """Why this agreement does not carry this record, or None when it does."""
    missing = mask_to_categories(record.category_mask & ~agreement.category_mask)
    if missing:
        return f"does not permit {', '.join(c.value.replace('_', ' ') for c in missing)}"
    if not agreement.purpose_mask & Purpose(record.purpose).bit:
        return f"does not permit the purpose {record.purpose}"
    if record.tlp > agreement.max_tlp:
        return (f"carries at most {TLP(agreement.max_tlp).label}, the record is"
                f" {TLP(record.tlp).label}")
    return None


def decide_loaded(
    record: Record,
    viewer_id: str,
    viewer_agreements: Sequence[Agreement],
    now: datetime,
) -> Decision:
    """Decide on already-loaded facts: `viewer_agreements` are the agreements V belongs to."""
    if record.owner_id == viewer_id:
        return Decision(True, "owner", "Your agency owns this record.")
    if record.expires_at is not None and as_utc(record.expires_at) <= now:
        return Decision(
            False, "hidden",
            f"The record expired on {as_utc(record.expires_at):%Y-%m-%d}; only its owner sees it.",
        )
    tlp = TLP(record.tlp)
    distribution = Distribution(record.distribution)
    if tlp == TLP.CLEAR and distribution == Distribution.EVERYONE:
        return Decision(True, "public", "TLP:CLEAR and distributed to everyone on the platform.")

    live = [a for a in viewer_agreements if in_force(a, now)]
    if distribution == Distribution.OWNER:
        return Decision(False, "hidden", "The owner keeps this record to itself.")
    if distribution == Distribution.AGENCIES:
        if viewer_id not in {a.id for a in record.recipients}:
            return Decision(False, "hidden", "Your agency is not among the named recipients.")
    elif distribution == Distribution.AGREEMENT and record.distribution_agreement_id not in {
        a.id for a in live
    }:
        return Decision(
            False, "hidden",
            "It goes to the members of an agreement your agency is not in, or that is not"
            " in force.",
        )
    if tlp == TLP.RED and distribution != Distribution.AGENCIES:
        return Decision(False, "hidden", "TLP:RED is shared only with agencies named explicitly.")

    binding = sorted(
        (a for a in live if record.owner_id in {m.id for m in a.members}), key=lambda a: a.name
    )
    if not binding:
        return Decision(
            False, "hidden", "No agreement in force binds the owner and your agency."
        )
    misfits = []
    for agreement in binding:
        misfit = _scope_misfit(agreement, record)
        if misfit is None:
            via = {
                Distribution.AGENCIES: "your agency is named as a recipient",
                Distribution.AGREEMENT: "it is distributed to this agreement's members",
                Distribution.PARTNERS: "it is distributed to all the owner's partners",
                Distribution.EVERYONE: "it is distributed to everyone on the platform",
            }[distribution]
            return Decision(
                True, "agreement",
                f"Shared under {agreement.name} ({agreement.legal_reference}): {via}, and the "
                f"agreement permits its data categories, the purpose {record.purpose} and "
                f"{tlp.label}.",
                agreement.id, agreement.name,
            )
        misfits.append(f"{agreement.name} {misfit}")
    return Decision(False, "hidden",
                    "No agreement carries this record: " + "; ".join(misfits) + ".")


def viewer_agreements(session: Session, viewer_id: str) -> list[Agreement]:
    stmt = (
        select(Agreement)
        .join(agreement_members, agreement_members.c.agreement_id == Agreement.id)
        .where(agreement_members.c.agency_id == viewer_id)
    )
    return list(session.scalars(stmt))


def live_viewer_agreements(session: Session, viewer_id: str, now: datetime) -> list[Agreement]:
    stmt = (
        select(Agreement)
        .join(agreement_members, agreement_members.c.agreement_id == Agreement.id)
        .where(agreement_members.c.agency_id == viewer_id, in_force_clause(now))
    )
    return list(session.scalars(stmt))


def decide(session: Session, record: Record, viewer_id: str, now: datetime) -> Decision:
    return decide_loaded(record, viewer_id, viewer_agreements(session, viewer_id), now)
