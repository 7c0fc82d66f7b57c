"""Who sees an agency's user accounts: that agency's own users, and the node's administrators."""

from __future__ import annotations


def users_visible(agency_id: str, viewer_agency_id: str, node_admin: bool) -> bool:
    return node_admin or viewer_agency_id == agency_id
