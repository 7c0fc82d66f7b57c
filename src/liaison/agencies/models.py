from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from liaison.clock import utcnow
from liaison.db import Base
from liaison.ids import new_id


class Agency(Base):
    """An organisation on the platform: police, prosecution, CERT, hub or private partner."""

    __tablename__ = "agencies"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), unique=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64))
    is_contact_point: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
