from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liaison.db import Base


class Hit(Base):
    """Agency `seeker_id` matched record `record_id` of `holder_id` on (type, value).

    One row per (seeker, record, value): repeated matches count up and move `last_at`.
    """

    __tablename__ = "hits"
    __table_args__ = (
        UniqueConstraint("seeker_id", "record_id", "type", "value"),
        Index("ix_hits_holder", "holder_id", "last_at"),
        Index("ix_hits_seeker", "seeker_id", "last_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    seeker_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    holder_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(2048))
    # what the seeker did: searched for the value, or recorded it (then which record)
    source: Mapped[str] = mapped_column(String(16))
    source_record_id: Mapped[str | None] = mapped_column(
        ForeignKey("records.id", ondelete="SET NULL"))
    disclosed: Mapped[bool] = mapped_column(Boolean)  # whether the seeker was told
    first_at: Mapped[datetime] = mapped_column()
    last_at: Mapped[datetime] = mapped_column()
    times: Mapped[int] = mapped_column(Integer, default=1)
