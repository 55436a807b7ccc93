"""Catalogue versions in the database: a snapshot per version, so old reports keep the texts they used."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from procurement.catalogue import Catalogue, Criterion
from procurement.models import CatalogueVersion


def ensure_catalogue_version(session: Session, catalogue: Catalogue) -> CatalogueVersion:
    """The row of this catalogue version, made (and committed) the first time any process meets it."""
    row = _find(session, catalogue.version)
    if row is not None:
        return row
    row = CatalogueVersion(
        version=catalogue.version,
        label=catalogue.label,
        content_hash=catalogue.content_hash,
        criteria={c.id: snapshot(c) for c in catalogue.criteria},
        product_groups={g.id: g.name for g in catalogue.product_groups},
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        # another process stored the same version between our look-up and our insert
        session.rollback()
        found = _find(session, catalogue.version)
        if found is None:
            raise
        return found
    return row


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
    }


def _find(session: Session, version: str) -> CatalogueVersion | None:
    return session.scalar(select(CatalogueVersion).where(CatalogueVersion.version == version))
