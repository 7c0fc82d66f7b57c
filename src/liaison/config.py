"""Typed settings read from LIAISON_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIAISON_", env_file=None, extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{Path('var/liaison.sqlite3').resolve()}",
        description="SQLAlchemy URL; a SQLite file by default, PostgreSQL in production.",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_json: bool = True
    session_hours: int = Field(default=12, ge=1, le=24 * 14)
    token_days_default: int = Field(default=90, ge=1, le=3650)
    secure_cookies: bool = Field(
        default=False, description="Set the Secure flag on console cookies (behind TLS)."
    )
    node_name: str = "liaison-demo-node"
    counter_sweep_seconds: float = Field(
        default=900, ge=0, le=24 * 3600,
        description="How often the server sweeps expired records out of the policy's "
        "counters (0: never; counts stay exact, they only get slower as records expire).",
    )
    lookup_backlog_seconds: float = Field(
        default=60, ge=0, le=24 * 3600,
        description="How often the server encodes the private-lookup tokens of values bulk "
        "imports queued (0: never; a partner's token request then encodes them itself).",
    )
    login_max_failures: int = Field(
        default=5, ge=1, le=1000,
        description="Failed logins for one user name (existing or not) within the window "
        "that lock it out.",
    )
    login_max_failures_per_ip: int = Field(
        default=50, ge=0, le=1_000_000,
        description="Failed logins from one client address (IPv6: its /64) within the window "
        "that lock the address out (0: no per-address limit).",
    )
    login_failure_window_minutes: int = Field(
        default=15, ge=1, le=24 * 60,
        description="How long failures are counted, from the first failure of a run.",
    )
    login_lockout_minutes: int = Field(
        default=15, ge=1, le=7 * 24 * 60,
        description="How long a locked user name or address is refused.",
    )
    warninglists: str = Field(
        default="default",
        description="Warninglists whose values do not correlate: comma-separated names, "
        "'default' for the curated set, '-name' to leave one out (liaison.warninglists).",
    )
    warninglist_file: Path | None = Field(
        default=None,
        description="This node's own warninglist: `type value` lines or JSON.",
    )
    lookup_max_values_per_day: int = Field(
        default=50_000, ge=1, le=100_000_000,
        description="Values one agency may have a partner evaluate per UTC day in private "
        "lookups (each evaluation tests one guess against the partner's store).",
    )

    @field_validator("warninglist_file", mode="before")
    @classmethod
    def _no_file_when_blank(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


@lru_cache
def get_settings() -> Settings:
    return Settings()
