"""What a running app needs, built once and injected: settings, sessions, a clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from liaison.clock import Clock, utcnow
from liaison.config import Settings


@dataclass
class AppContext:
    settings: Settings
    session_factory: sessionmaker[Session]
    clock: Clock = field(default=utcnow)
