"""Catalogue versions in the database: a snapshot and the YAML source per version; the newest one is current."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from procurement.catalogue import Catalogue, Criterion
from procurement.checker import Checker, cached, checker_from_source
from procurement.models import CatalogueVersion, User
from procurement.reports import format as fmt
from procurement.services.audit import record
from procurement.services.errors import ServiceError
from procurement.services.transaction import committing
from procurement.sessions import DbSession

log = logging.getLogger(__name__)
FOLDER, APP, IMPORT = "criteria", "app", "import"
ORIGIN_NAMES = {FOLDER: "criteria/ in de repository", APP: "bewerkt in de toepassing", IMPORT: "YAML-import"}
FIRST_NOTE = "eerste import vanuit criteria/"
FOLDER_NOTE = "bijgewerkt vanuit criteria/"


class KnownVersion(ServiceError):
    """The content is exactly that of an existing version: there is nothing new to publish."""

    def __init__(self, version: str, name: str = "") -> None:
        super().__init__(f"Deze inhoud is gelijk aan catalogus{name or 'versie ' + version}: er is niets nieuws om "
                         "te bewaren.")
        self.version = version


def ensure_catalogue_version(session: DbSession, catalogue: Catalogue) -> CatalogueVersion:
    """The row of this catalogue version, added in the caller's operation the first time any process meets it.

    Another process may store the same version between our look-up and our insert: the insert then does
    nothing and the look-up after it finds that row, so the caller's work is not undone by the race.
    """
    row = _find(session, catalogue.version)
    if row is not None:
        return row
    values = _values(catalogue, None, origin=FOLDER, note="")
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(CatalogueVersion).values(**values).on_conflict_do_nothing(index_elements=["version"]))
    found = _find(session, catalogue.version)
    if found is None:  # neither ours nor another process' insert: cannot be
        raise LookupError(f"catalogue version {catalogue.version} was not stored")
    return found


def sync_folder(session: DbSession, catalogue: Catalogue, source: Mapping[str, Any]) -> CatalogueVersion | None:
    """At start-up: criteria/ becomes a new current version when its content is new; None when it is known.

    A version made before versions kept their source gets it filled in here, so it can be compiled again.
    """
    known = session.scalar(select(CatalogueVersion).where(CatalogueVersion.content_hash == catalogue.content_hash))
    if known is not None:
        if known.source is None:
            with committing(session):
                known.source = dict(source)
        return None
    first = session.scalar(select(CatalogueVersion.id).where(CatalogueVersion.source.is_not(None)).limit(1)) is None
    try:
        with committing(session):
            row = add_version(session, None, catalogue, source, origin=FOLDER,
                              note=FIRST_NOTE if first else FOLDER_NOTE)
    except (IntegrityError, KnownVersion):  # another process imported it at the same moment
        return None
    log.info("catalogue %s imported from criteria/", catalogue.version)
    return row


def add_version(
    session: DbSession,
    actor: User | None,
    catalogue: Catalogue,
    source: Mapping[str, Any],
    *,
    origin: str,
    note: str,
) -> CatalogueVersion:
    """Add a validated catalogue as the new current version, with its change note (only flushes)."""
    existing = session.scalar(select(CatalogueVersion).where(CatalogueVersion.content_hash == catalogue.content_hash))
    if existing is not None:
        raise KnownVersion(existing.version, version_name(session, existing.version))
    row = _row(catalogue, dict(source), origin=origin, note=note)
    row.created_by_id = actor.id if actor else None
    session.add(row)
    session.flush()
    record(session, actor, "catalogue.imported" if origin != APP else "catalogue.published",
           f"Catalogusversie {row.version} ({ORIGIN_NAMES[origin]}): {note}",
           catalogue_version_id=row.id, data={"origin": origin, "criteria": len(catalogue.criteria)})
    return row


def version_names(session: DbSession) -> dict[str, str]:
    """Every version's code (label + hash) -> the name people read: 'versie 12 van 3 december 2026', numbered
    in the order the versions were made."""
    rows = session.execute(select(CatalogueVersion.version, CatalogueVersion.created_at).order_by(CatalogueVersion.id))
    return {r.version: fmt.version_name(n, r.created_at) for n, r in enumerate(rows, 1)}


def version_name(session: DbSession, code: str) -> str:
    """The name people read of the version with this code; the code itself when no version has it."""
    return version_names(session).get(code, code)


def current_version(session: DbSession) -> CatalogueVersion | None:
    """The newest version that can be compiled (made by any process)."""
    query = select(CatalogueVersion).where(CatalogueVersion.source.is_not(None)).order_by(CatalogueVersion.id.desc())
    return session.scalar(query.limit(1))


def current_checker(session: DbSession) -> Checker:
    """The checker of the current version: looked up on every call (another process may have published)."""
    query = (
        select(CatalogueVersion.id, CatalogueVersion.content_hash)
        .where(CatalogueVersion.source.is_not(None))
        .order_by(CatalogueVersion.id.desc())
        .limit(1)
    )
    found = session.execute(query).first()
    if found is None:
        raise LookupError("no catalogue version in the database (the app imports criteria/ on start)")
    return cached(found.content_hash) or checker_of(session.get_one(CatalogueVersion, found.id))


def checker_of(row: CatalogueVersion) -> Checker:
    if row.source is None:
        raise LookupError(f"catalogue version {row.version} has no stored source")
    return cached(row.content_hash) or checker_from_source(row.content_hash, row.source)


def snapshot(criterion: Criterion) -> dict[str, Any]:
    """What a report needs of a criterion, as it was in this version."""
    return {
        "title": criterion.title,
        "theme": criterion.theme,
        "kind": criterion.kind,
        "section": criterion.section,
        "essential": criterion.essential,
        "ambition": criterion.ambition,
        "clause": criterion.clause,
        "product_groups": list(criterion.product_groups),
        "retired": criterion.retired,
        "source": criterion.source,  # BT-805 follows from it (reports/notice.py)
        "eforms": list(criterion.eforms),
    }


def _row(catalogue: Catalogue, source: dict[str, Any] | None, *, origin: str, note: str) -> CatalogueVersion:
    return CatalogueVersion(**_values(catalogue, source, origin=origin, note=note))


def _values(catalogue: Catalogue, source: dict[str, Any] | None, *, origin: str, note: str) -> dict[str, Any]:
    return {
        "version": catalogue.version,
        "label": catalogue.label,
        "content_hash": catalogue.content_hash,
        "criteria": {c.id: snapshot(c) for c in catalogue.criteria},
        "product_groups": {g.id: g.name for g in catalogue.product_groups},
        "source": source,
        "origin": origin,
        "note": note,
    }


def _find(session: DbSession, version: str) -> CatalogueVersion | None:
    return session.scalar(select(CatalogueVersion).where(CatalogueVersion.version == version))
