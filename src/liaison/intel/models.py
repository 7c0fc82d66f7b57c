from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    event,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.agencies.models import Agency
from liaison.clock import utcnow
from liaison.correlation.keys import row_value_key
from liaison.correlation.models import ObservableLink, keyed
from liaison.db import Base
from liaison.ids import new_record_id

record_recipients = Table(
    "record_recipients",
    Base.metadata,
    Column("record_id", ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agencies.id"), primary_key=True, index=True),
)


class RecordTechnique(Base):
    """An ATT&CK technique, tactic, piece of software, group, campaign or mitigation the
    record cites, by ATT&CK id (held in `attack_objects` when cited)."""

    __tablename__ = "record_techniques"

    record_id: Mapped[str] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    attack_id: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class RecordOffence(Base):
    __tablename__ = "record_offences"

    record_id: Mapped[str] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    offence: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class Observable(Base):
    """A typed value held by a record, in its canonical form (see `liaison.observables`)."""

    __tablename__ = "observables"
    __table_args__ = (
        # the correlation index: hash of the canonical value -> the observables holding it
        Index("ix_observables_key", "value_key"),
        # IP addresses in address order, so a network finds the addresses inside it
        Index("ix_observables_address", "address_key",
              sqlite_where=text("address_key IS NOT NULL"),
              postgresql_where=text("address_key IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(2048))
    comment: Mapped[str | None] = mapped_column(String(500))
    # IPs only: version digit + packed address in hex (fixed width, so text order is
    # address order), e.g. "4cb007107" for 203.0.113.7
    address_key: Mapped[str | None] = mapped_column(String(33))
    # correlation.keys.value_key(type, value): what the correlation index is keyed on
    value_key: Mapped[int] = mapped_column(BigInteger, default=row_value_key)

    links: Mapped[list[ObservableLink]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class Record(Base):
    """An intelligence report owned by one agency, with its markings and observables.

    Markings are stored in the forms the policy filter compares: `tlp` as its rank,
    `category_mask` as a bit mask of data categories.
    """

    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_created", "created_at", "id"),
        Index("ix_records_owner_created", "owner_id", "created_at"),
        # the policy's counters are corrected for records expiring since their watermark
        Index("ix_records_expires", "expires_at"),
        # counting records distributed to a viewer's agreements reads only this index
        Index("ix_records_to_agreement", "distribution_agreement_id", "owner_id", "purpose",
              "tlp", "category_mask", "expires_at", "distribution"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_record_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    tlp: Mapped[int] = mapped_column(Integer)
    handling_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    handling_note: Mapped[str | None] = mapped_column(String(500))
    source_reliability: Mapped[str] = mapped_column(String(1))
    information_credibility: Mapped[int] = mapped_column(Integer)
    distribution: Mapped[str] = mapped_column(String(16))
    distribution_agreement_id: Mapped[str | None] = mapped_column(ForeignKey("agreements.id"))
    category_mask: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[datetime | None] = mapped_column()
    # False for a covert operation: an agency matching it in a deconfliction hit learns
    # nothing (the owner is still told of the hit)
    disclosable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner: Mapped[Agency] = relationship(lazy="joined", foreign_keys=[owner_id])
    recipients: Mapped[list[Agency]] = relationship(
        secondary=record_recipients, order_by=Agency.name
    )
    offences: Mapped[list[RecordOffence]] = relationship(
        cascade="all, delete-orphan", order_by=RecordOffence.offence
    )
    observables: Mapped[list[Observable]] = relationship(
        cascade="all, delete-orphan", order_by=Observable.id
    )
    techniques: Mapped[list[RecordTechnique]] = relationship(
        cascade="all, delete-orphan", order_by=RecordTechnique.attack_id
    )


event.listen(Observable, "before_update", keyed)
