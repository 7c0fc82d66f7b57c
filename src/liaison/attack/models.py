"""ATT&CK objects as imported: the STIX 2.1 object whole (for serving it again), and what
is looked up by (ATT&CK id, type, name)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db import Base


class AttackObject(Base):
    __tablename__ = "attack_objects"
    __table_args__ = (Index("ix_attack_objects_attack_id", "attack_id"),
                      Index("ix_attack_objects_type", "type", "name"))

    stix_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    type: Mapped[str] = mapped_column(String(60))
    attack_id: Mapped[str | None] = mapped_column(String(20))  # T1566, S0366, G0007 …
    name: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500))
    domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    deprecated: Mapped[bool] = mapped_column(Boolean, default=False)
    modified: Mapped[datetime] = mapped_column()
    stix: Mapped[str] = mapped_column(Text)  # the STIX 2.1 object, canonical JSON
