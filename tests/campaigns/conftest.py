from tests.api.conftest import World, client, world  # noqa: F401  (shared fixtures)

__all__ = ["World"]
