"""The API tests' three-agency world and client, reused for sightings."""

from __future__ import annotations

from tests.api.conftest import World, client, world  # noqa: F401
