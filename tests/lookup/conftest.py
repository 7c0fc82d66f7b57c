from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from liaison.models import Agency, Agreement, User
from tests import factories as f


@dataclass
class Three:
    """DE asks, FR answers (an agreement binds them), BR has no agreement with either."""

    de: Agency
    fr: Agency
    br: Agency
    de_analyst: User
    fr_analyst: User
    br_analyst: User
    pact: Agreement


@pytest.fixture
def three(session: Session) -> Three:
    de, fr, br = f.agency(session, "DE-CCU"), f.agency(session, "FR-C3N", "FR"), f.agency(
        session, "BR-CYB", "BR")
    users = [f.user(session, a, f"{a.short_name.lower()}.analyst") for a in (de, fr, br)]
    pact = f.agreement(session, [de, fr])
    return Three(de, fr, br, *users, pact)


def observables(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"type": t, "value": v} for t, v in pairs]
