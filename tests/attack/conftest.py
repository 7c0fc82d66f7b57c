"""The API tests' world and client serve here too."""

from tests.api.conftest import client, world  # noqa: F401
