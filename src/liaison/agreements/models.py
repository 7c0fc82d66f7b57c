from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.agencies.models import Agency
from liaison.clock import utcnow
from liaison.db import Base
from liaison.ids import new_id

agreement_members = Table(
    "agreement_members",
    Base.metadata,
    Column("agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agencies.id"), primary_key=True, index=True),
)


class Agreement(Base):
    """A legal basis for sharing between two agencies (bilateral) or a community (multilateral).

    Its scope bounds what may flow between any two of its members: data categories (bit mask,
    see `liaison.vocab.DataCategory`), purposes (bit mask), the highest TLP rank it carries.
    """

    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    legal_basis: Mapped[str] = mapped_column(Text)
    legal_reference: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[datetime | None] = mapped_column()
    valid_until: Mapped[datetime | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="active")
    status_reason: Mapped[str | None] = mapped_column(Text)
    category_mask: Mapped[int] = mapped_column(Integer)
    purpose_mask: Mapped[int] = mapped_column(Integer)
    max_tlp: Mapped[int] = mapped_column(Integer)
    onward_transfer: Mapped[bool] = mapped_column(Boolean, default=False)
    retention_days: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    members: Mapped[list[Agency]] = relationship(
        secondary=agreement_members, lazy="selectin", order_by=Agency.name
    )
