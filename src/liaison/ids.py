"""Public identifiers are random UUIDs, so ids reveal neither counts nor creation order."""

import uuid


def new_id() -> str:
    return str(uuid.uuid4())
