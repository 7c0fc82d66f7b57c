"""The one place that decides who sees what.

`decide` answers "may agency V see record R, and why?" in Python; `record_filter` is the same
rule as one SQL expression, used by every list, search, count and export of records, and
`count_visible` counts what that clause selects from counters. Two derived tables keep them
fast: grants (who may see whose records under which agreement, `grants`) and per-owner
tallies (`tallies`); both follow their sources in the same flush. A property test
(tests/policy/test_equivalence.py) holds all of them equal over random worlds.
"""

from liaison.policy.accounts import users_visible
from liaison.policy.agreements import agreement_filter, agreement_visible
from liaison.policy.audit import audit_filter
from liaison.policy.decision import Decision, decide, decide_loaded, viewer_agreements
from liaison.policy.records import (
    RecordFilter,
    count_visible,
    get_visible_record,
    record_filter,
)
from liaison.policy.scope import in_force, in_force_clause
from liaison.policy.sightings import holding_records, sighting_filter
from liaison.policy.tallies import CountFilter

__all__ = [
    "CountFilter",
    "Decision",
    "RecordFilter",
    "agreement_filter",
    "agreement_visible",
    "audit_filter",
    "count_visible",
    "decide",
    "decide_loaded",
    "get_visible_record",
    "holding_records",
    "in_force",
    "in_force_clause",
    "record_filter",
    "sighting_filter",
    "users_visible",
    "viewer_agreements",
]
