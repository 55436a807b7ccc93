"""The database rows: catalogue versions, tenders, their documents, analyses and findings (typed, no logic)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ANALYSIS_STATUSES = (QUEUED, RUNNING, DONE, FAILED)
ANALYSIS_STATUS_NAMES = {
    QUEUED: "in de wachtrij",
    RUNNING: "bezig",
    DONE: "klaar",
    FAILED: "mislukt",
}


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # Named constraints, so Alembic can alter them later (SQLite batch mode needs the names).
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class CatalogueVersion(Base):
    """A catalogue as it was when analyses were made with it; old reports read their texts from here."""

    __tablename__ = "catalogue_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(80), unique=True)
    label: Mapped[str] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(64))
    # criterion id -> the fields a report shows (title, clause, theme, kind, section, essential, ...)
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON)
    # product group id -> Dutch name
    product_groups: Mapped[dict[str, str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Tender(Base):
    """One procurement (a bestek and its other documents)."""

    __tablename__ = "tender"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(80), default="")
    department: Mapped[str] = mapped_column(String(120), default="")
    product_groups: Mapped[list[str]] = mapped_column(JSON, default=list)  # chosen; empty = detect
    # the one-time token of the form that created it: a second post of the same form finds this tender
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)

    documents: Mapped[list[StoredDocument]] = relationship(
        back_populates="tender", order_by="StoredDocument.id", cascade="all, delete-orphan"
    )
    analyses: Mapped[list[Analysis]] = relationship(
        back_populates="tender", order_by="Analysis.id", cascade="all, delete-orphan"
    )


class StoredDocument(Base):
    """One uploaded original, kept unchanged in storage under its sha256; `batch` is the upload version."""

    __tablename__ = "stored_document"
    __table_args__ = (Index("ix_stored_document_tender_batch", "tender_id", "batch"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"))
    batch: Mapped[int] = mapped_column(Integer, default=1)
    filename: Mapped[str] = mapped_column(String(255))  # sanitised, for display only
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(10))
    storage_key: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    tender: Mapped[Tender] = relationship(back_populates="documents")


class Analysis(Base):
    """One check of a tender's documents (one batch) against one catalogue version."""

    __tablename__ = "analysis"
    __table_args__ = (
        Index("ix_analysis_status_id", "status", "id"),  # the worker's "oldest queued" query
        Index("ix_analysis_tender_id", "tender_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"))
    batch: Mapped[int] = mapped_column(Integer, default=1)
    catalogue_version_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_version.id"))
    engine_version: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # 0-100
    message: Mapped[str] = mapped_column(String(300), default="")  # Dutch: what it is doing now
    error: Mapped[str | None] = mapped_column(Text)  # Dutch, for the user
    claimed_by: Mapped[str | None] = mapped_column(String(80))  # which worker runs it
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # of a new-version upload
    score: Mapped[float | None] = mapped_column(Float)
    essential_complete: Mapped[bool | None] = mapped_column(Boolean)
    themes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    product_groups: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    tender: Mapped[Tender] = relationship(back_populates="analyses")
    catalogue_version: Mapped[CatalogueVersion | None] = relationship()
    findings: Mapped[list[Finding]] = relationship(
        back_populates="analysis", order_by="Finding.position", cascade="all, delete-orphan"
    )


class Finding(Base):
    """What an analysis found for one criterion."""

    __tablename__ = "finding"
    __table_args__ = (Index("ix_finding_analysis_position", "analysis_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("analysis.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # the matcher's order
    criterion: Mapped[str] = mapped_column(String(120), index=True)
    theme: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    essential: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    similarity: Mapped[float] = mapped_column(Float, default=0.0)
    missing_elements: Mapped[list[str]] = mapped_column(JSON, default=list)
    # [{text, location: {section, paragraph, page}, file, matched_phrases, cues}]
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")

    analysis: Mapped[Analysis] = relationship(back_populates="findings")
