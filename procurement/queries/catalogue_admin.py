"""What the catalogue keeper's pages show: versions, drafts and their check, one version, the re-check choice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from procurement.catalogue.diff import CatalogueDiff, FieldChange, compare, criteria_of, field_changes
from procurement.catalogue.model import THEME_NAMES
from procurement.lru import Recent
from procurement.models import Analysis, CatalogueVersion, Tender
from procurement.queries.analyses import latest_analyses
from procurement.reports import format as fmt
from procurement.review import may_analyse_again
from procurement.services import catalogue_edit as edit
from procurement.services.catalogue import ORIGIN_NAMES
from procurement.sessions import DbSession

NOBODY = "systeem"
# the check of a draft catalogue (procurement catalogue check on the changed criteria) compiles a matcher:
# done once per draft content, not on every visit of the page
_problems: Recent[tuple[str, frozenset[str]], tuple[str, ...]] = Recent(8)


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: int
    version: str
    created: str
    origin: str
    note: str
    author: str
    current: bool


@dataclass(frozen=True, slots=True)
class DraftRow:
    criterion: str
    title: str
    what: str
    author: str
    updated: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class CriterionRow:
    id: str
    title: str
    theme: str
    retired: bool


@dataclass(frozen=True, slots=True)
class Overview:
    """The catalogue keeper's home page."""

    current: CatalogueVersion
    drafts: tuple[DraftRow, ...]
    drafted: frozenset[str]
    problems: tuple[str, ...]  # the drafts' check; empty without drafts
    versions: tuple[VersionRow, ...]
    criteria: tuple[CriterionRow, ...]  # of the current version, by theme and id


@dataclass(frozen=True, slots=True)
class VersionPage:
    row: CatalogueVersion
    created: str
    previous: CatalogueVersion | None  # the version before it that kept its source
    diff: CatalogueDiff | None  # against that one
    origin: str
    author: str
    used: bool  # an analysis was made with it
    current: bool


@dataclass(frozen=True, slots=True)
class PublishPreview:
    diff: CatalogueDiff  # the current version against the drafts applied to it
    criteria: int  # in use after publishing


@dataclass(frozen=True, slots=True)
class RecheckCandidate:
    id: int
    title: str
    version: str  # the catalogue version of its latest analysis, "–" without one
    older: bool  # its latest analysis used another version than the current one
    frozen: bool  # approved: it stays with its approved analysis until it is reopened


def versions(session: DbSession) -> tuple[VersionRow, ...]:
    """Newest first; the current one is the newest that kept its source."""
    rows = list(session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.id.desc())))
    current = next((r.id for r in rows if r.source is not None), None)
    return tuple(VersionRow(r.id, r.version, fmt.when(r.created_at), ORIGIN_NAMES.get(r.origin, r.origin), r.note,
                            r.created_by.name if r.created_by else NOBODY, r.id == current) for r in rows)


def overview(session: DbSession) -> Overview:
    current = edit.base(session)
    existing = criteria_of(current.source or {})
    pending = edit.drafts(session)
    drafted = frozenset(d.criterion for d in pending)
    drafts = tuple(
        DraftRow(d.criterion, str(d.data.get("title", d.criterion)),
                 "ingetrokken" if d.data.get("retired") else ("nieuw" if d.is_new else "gewijzigd"),
                 d.author.name if d.author else NOBODY, fmt.when(d.updated_at),
                 field_changes(existing.get(d.criterion, {}), d.data))
        for d in pending
    )
    problems: tuple[str, ...] = ()
    if drafts:
        catalogue = edit.draft_catalogue(session)[0]
        problems = _problems.get_or_build((catalogue.content_hash, drafted),
                                          lambda: tuple(edit.problems(catalogue, drafted)))
    criteria = sorted(existing.values(), key=lambda c: (str(c.get("theme")), str(c.get("id"))))
    return Overview(
        current=current, drafts=drafts, drafted=drafted, problems=problems, versions=versions(session),
        criteria=tuple(CriterionRow(str(c["id"]), str(c.get("title", "")), THEME_NAMES.get(str(c.get("theme")), ""),
                                    bool(c.get("retired"))) for c in criteria),
    )


def version_page(session: DbSession, version_id: int) -> VersionPage | None:
    row = session.get(CatalogueVersion, version_id)
    if row is None:
        return None
    previous = session.scalar(
        select(CatalogueVersion).where(CatalogueVersion.id < row.id, CatalogueVersion.source.is_not(None))
        .order_by(CatalogueVersion.id.desc()).limit(1)
    )
    diff: CatalogueDiff | None = None
    if row.source is not None and previous is not None and previous.source is not None:
        diff = compare(previous.source, row.source)
    used = session.scalar(select(Analysis.id).where(Analysis.catalogue_version_id == row.id).limit(1))
    return VersionPage(
        row=row, created=fmt.when(row.created_at), previous=previous, diff=diff,
        origin=ORIGIN_NAMES.get(row.origin, row.origin), author=row.created_by.name if row.created_by else NOBODY,
        used=used is not None, current=edit.base(session).id == row.id,
    )


def publish_preview(session: DbSession) -> PublishPreview:
    catalogue, files = edit.draft_catalogue(session)
    return PublishPreview(diff=compare(edit.base(session).source or {}, files),
                          criteria=len([c for c in catalogue.criteria if not c.retired]))


def recheck_candidates(session: DbSession, current_version_id: int) -> list[RecheckCandidate]:
    """Every tender, newest first, with the catalogue version of its latest analysis."""
    latest = latest_analyses(session)
    tenders = session.execute(
        select(Tender.id, Tender.title, Tender.review_state).order_by(Tender.created_at.desc(), Tender.id.desc())
    )
    rows = []
    for t in tenders:
        analysis = latest.get(t.id)
        rows.append(RecheckCandidate(
            id=t.id, title=t.title, version=(analysis.catalogue_version if analysis else None) or "–",
            older=analysis is not None and analysis.catalogue_version_id != current_version_id,
            frozen=not may_analyse_again(t.review_state),
        ))
    return rows
