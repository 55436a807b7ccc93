"""Saved clause bundles: a buyer keeps the current selection under a name, shares it by link, deletes it; audited."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from procurement.models import SavedBundle, User, now
from procurement.services.audit import record
from procurement.services.errors import ServiceError
from procurement.services.tenders import single_line
from procurement.services.transaction import committing
from procurement.sessions import DbSession

NAME_LENGTH = 120
MAX_ITEMS = 250  # as many as the selection in the session holds


class BundleRefused(ServiceError):
    """A bundle that cannot be saved or changed (Dutch message for the form); `field` is the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class SavedRow:
    """A saved bundle as its pages show it."""

    id: int
    name: str
    token: str
    owner_id: int
    owner: str
    criteria: tuple[str, ...]
    updated_at: datetime


def save(session: DbSession, actor: User, name: str, criteria: Sequence[str]) -> tuple[SavedRow, bool]:
    """Keep `criteria` under `name` for `actor`; a bundle of the same name is replaced. Returns it and whether
    it replaced one."""
    clean = single_line(name)
    if not clean:
        raise BundleRefused("Geef je selectie een naam.", "name")
    if len(clean) > NAME_LENGTH:
        raise BundleRefused(f"Maximaal {NAME_LENGTH} tekens.", "name")
    ids = list(dict.fromkeys(criteria))[:MAX_ITEMS]
    if not ids:
        raise BundleRefused("Je selectie is leeg: voeg eerst criteria toe.")
    with committing(session):
        bundle = session.scalar(select(SavedBundle).where(SavedBundle.owner_id == actor.id, SavedBundle.name == clean))
        replaced = bundle is not None
        if bundle is None:
            bundle = SavedBundle(owner_id=actor.id, name=clean, token=secrets.token_urlsafe(16))
            session.add(bundle)
        bundle.criteria, bundle.updated_at = ids, now()
        session.flush()
        record(session, actor, "bundle.saved",
               f"Selectie „{clean}” bewaard ({len(ids)} {'criterium' if len(ids) == 1 else 'criteria'}).",
               subject_id=actor.id, data={"id": bundle.id, "criteria": ids, "replaced": replaced})
        row = _row(bundle, actor)
    return row, replaced


def delete(session: DbSession, actor: User, token: str) -> str:
    """Delete one of the actor's own bundles; returns its name."""
    with committing(session):
        bundle = session.scalar(select(SavedBundle).where(SavedBundle.token == token))
        if bundle is None or bundle.owner_id != actor.id:
            raise BundleRefused("Enkel wie een selectie bewaarde, kan ze verwijderen.")
        name = bundle.name
        session.delete(bundle)
        record(session, actor, "bundle.deleted", f"Selectie „{name}” verwijderd.", subject_id=actor.id,
               data={"id": bundle.id})
    return name


def of_user(session: DbSession, user: User) -> list[SavedRow]:
    """The user's saved bundles, by name."""
    bundles = session.scalars(select(SavedBundle).where(SavedBundle.owner_id == user.id).order_by(SavedBundle.name))
    return [_row(b, user) for b in bundles]


def by_token(session: DbSession, token: str) -> SavedRow | None:
    """A bundle by its share link (anyone who may read the catalogue may open it), or None."""
    bundle = session.scalar(select(SavedBundle).where(SavedBundle.token == token))
    return _row(bundle, bundle.owner) if bundle is not None else None


def _row(bundle: SavedBundle, owner: User) -> SavedRow:
    return SavedRow(id=bundle.id, name=bundle.name, token=bundle.token, owner_id=bundle.owner_id,
                    owner=owner.display_name, criteria=tuple(bundle.criteria or ()), updated_at=bundle.updated_at)
