"""How many values one agency may have a partner evaluate per UTC day.

Each evaluation lets the asker test one guess against the partner's whole store (the token set
answers it), so the partner bounds them per asker: a dictionary of likely values cannot be run
through the OPRF faster than the limit allows. Counted on the partner's side, where the key is.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from liaison.clock import as_utc
from liaison.errors import TooManyAttempts
from liaison.lookup.models import LookupQuota


def _seconds_to_midnight(now: datetime) -> int:
    tomorrow = datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=now.tzinfo)
    return max(1, int((tomorrow - now).total_seconds()))


def spend(conn: Connection, partner_id: str, asker_id: str, values: int, now: datetime,
          limit: int) -> int:
    """Count `values` against today's allowance, or refuse them all; returns what remains."""
    now = as_utc(now)
    day = now.date()
    key = (LookupQuota.partner_id == partner_id, LookupQuota.asker_id == asker_id)
    conn.execute(delete(LookupQuota).where(*key, LookupQuota.day < day))
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(LookupQuota).values(
        partner_id=partner_id, asker_id=asker_id, day=day, used=0).on_conflict_do_nothing())
    # one statement tests and counts, so concurrent queries cannot both slip under the limit
    spent = conn.execute(
        update(LookupQuota).where(*key, LookupQuota.day == day,
                                  LookupQuota.used + values <= limit)
        .values(used=LookupQuota.used + values)
    ).rowcount
    used = conn.scalar(select(LookupQuota.used).where(*key, LookupQuota.day == day)) or 0
    if not spent:
        raise TooManyAttempts(
            f"Your agency may have {limit} values evaluated per day by this partner; "
            f"{max(0, limit - used)} remain today and you asked {values}.",
            _seconds_to_midnight(now))
    return limit - used
