"""Imports every model so `Base.metadata` is complete (for Alembic and the schema test)."""

from liaison.accounts.models import ApiToken, LoginSession, LoginThrottle, User
from liaison.agencies.models import Agency
from liaison.agreements.models import Agreement, agreement_members
from liaison.attack.models import AttackObject
from liaison.audit.models import AuditEntry, AuditHead
from liaison.correlation.models import ObservableLink, Sighting
from liaison.db import Base
from liaison.hits.models import Hit
from liaison.intel.models import (
    Observable,
    Record,
    RecordOffence,
    RecordTechnique,
    record_recipients,
)
from liaison.lookup.models import LookupBacklog, LookupKey, LookupQuota, LookupToken
from liaison.policy.grants import Grant
from liaison.policy.tallies import RecordTally, TallyState
from liaison.stix.models import StixId

__all__ = [
    "Agency",
    "Agreement",
    "ApiToken",
    "AttackObject",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Grant",
    "Hit",
    "LoginSession",
    "LoginThrottle",
    "LookupBacklog",
    "LookupKey",
    "LookupQuota",
    "LookupToken",
    "Observable",
    "ObservableLink",
    "Record",
    "RecordOffence",
    "RecordTally",
    "RecordTechnique",
    "Sighting",
    "StixId",
    "TallyState",
    "User",
    "agreement_members",
    "record_recipients",
]
