"""The database rows: users, catalogue, departments, tenders, documents, analyses, findings, reviews, monitor facts,
audit, bundles."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
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


class User(Base):
    """A person who signs in; `roles` holds one or more of procurement.roles.ROLES."""

    __tablename__ = "account"  # "user" is a reserved word in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)  # the login name, lower case
    full_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)  # a demo account of the embedded default
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # bumped by a new password or a deactivation: sessions signed in under an older epoch end
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def display_name(self) -> str:
        return self.full_name or self.name


class CatalogueVersion(Base):
    """A catalogue as it was when analyses were made with it; old reports read their texts from here.

    `source` holds the parsed YAML files (file name -> data) the version was built from, so the matcher can
    be compiled from the database and the version exported again; older rows may lack it.
    """

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
    source: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    origin: Mapped[str] = mapped_column(String(20), default="criteria", server_default="criteria")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")  # the change note (Dutch)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    created_by: Mapped[User | None] = relationship()


class CatalogueDraft(Base):
    """A criterion changed in the app but not yet published: its whole YAML mapping as it will be."""

    __tablename__ = "catalogue_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion: Mapped[str] = mapped_column(String(120), unique=True)
    file: Mapped[str] = mapped_column(String(120))  # the YAML file it belongs in
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_new: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    author: Mapped[User | None] = relationship()


class Department(Base):
    """A department (dienst) of the city: the managed list the upload form offers, so figures group cleanly."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
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
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    # procurement.review.STATES; the comment is the sustainability office's last request for changes
    review_state: Mapped[str] = mapped_column(String(20), default="concept", server_default="concept")
    review_comment: Mapped[str] = mapped_column(Text, default="", server_default="")

    created_by: Mapped[User | None] = relationship()
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


class Original(Base):
    """The bytes of an uploaded original under its sha256, when originals live in the database
    (ORIGINALS="database", for workers on several machines); never changed, shared by equal uploads."""

    __tablename__ = "original"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


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
    # loaded together with the findings of an analysis (one query, not one per finding)
    review: Mapped[FindingReview | None] = relationship(back_populates="finding", lazy="selectin")


class FindingReview(Base):
    """A reviewer's decision on a finding: confirmed, or overridden to another status with a reason."""

    __tablename__ = "finding_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"), unique=True)
    decision: Mapped[str] = mapped_column(String(10))  # "confirm" | "override"
    status: Mapped[str] = mapped_column(String(20))  # the status after review
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    reviewer_name: Mapped[str] = mapped_column(String(120), default="")
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # carried over from the review of the same criterion in the previous analysis, and why
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("finding_review.id"))
    carried_because: Mapped[str | None] = mapped_column(String(20))  # "evidence" | "status"

    finding: Mapped[Finding] = relationship(back_populates="review")
    carried_from: Mapped[FindingReview | None] = relationship(remote_side=[id])


class MonitorFact(Base):
    """What the monitor counts of one tender that has a finished analysis: that analysis' product groups and its
    scores and flags, machine and after review (monitor.figures.Judgement). Written by procurement/monitor/store.py
    in the transaction that changes them (an analysis done, a review saved); gone with the tender or the analysis.
    Title, department, review state and day are read from the tender itself."""

    __tablename__ = "monitor_fact"

    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"), primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("analysis.id", ondelete="CASCADE"), index=True)
    product_groups: Mapped[list[str]] = mapped_column(JSON)
    score_machine: Mapped[float | None] = mapped_column(Float)
    score_reviewed: Mapped[float | None] = mapped_column(Float)
    essential_machine: Mapped[bool] = mapped_column(Boolean)
    essential_reviewed: Mapped[bool] = mapped_column(Boolean)
    # theme -> {score, met, partial, missing, applicable}, after review
    themes: Mapped[dict[str, Any]] = mapped_column(JSON)
    # theme -> status after review (met, partial, missing) -> criterion ids, of the criteria that count after review
    criteria: Mapped[dict[str, dict[str, list[str]]]] = mapped_column(JSON)
    # new at every write: a reader that keeps decoded facts (monitor.query.FactsCache) decodes only changed rows
    token: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class AuditEvent(Base):
    """One line of the audit trail: who did what, when, on which tender, finding or criterion. Never changed."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_tender_id", "tender_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))  # None: the system
    actor_name: Mapped[str] = mapped_column(String(120))  # as it was then
    action: Mapped[str] = mapped_column(String(40), index=True)
    tender_id: Mapped[int | None] = mapped_column(ForeignKey("tender.id"))
    analysis_id: Mapped[int | None] = mapped_column(Integer)
    finding_id: Mapped[int | None] = mapped_column(Integer)
    criterion: Mapped[str | None] = mapped_column(String(120))
    catalogue_version_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_version.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))  # the user an admin acted on
    summary: Mapped[str] = mapped_column(Text)  # Dutch, ready to show
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SavedBundle(Base):
    """A buyer's clause bundle kept under a name: its criteria in the order chosen, a link token to share it."""

    __tablename__ = "saved_bundle"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_saved_bundle_owner_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    criteria: Mapped[list[str]] = mapped_column(JSON, default=list)  # criterion ids, in the order they were added
    token: Mapped[str] = mapped_column(String(40), unique=True)  # the share link: unguessable, not the row id
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    owner: Mapped[User] = relationship()
