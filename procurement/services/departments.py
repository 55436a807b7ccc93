"""The managed list of departments: add, rename (the tenders follow), deactivate and activate; audited."""

from __future__ import annotations

from sqlalchemy import func, select, update

from procurement.models import Department, Tender, User
from procurement.services.audit import record
from procurement.services.errors import ServiceError
from procurement.services.tenders import single_line
from procurement.services.transaction import committing
from procurement.sessions import DbSession


class DepartmentRefused(ServiceError):
    """A department change that cannot be made (Dutch message for the form)."""


def active_names(session: DbSession) -> list[str]:
    return list(session.scalars(select(Department.name).where(Department.active).order_by(Department.name)))


def add(session: DbSession, actor: User | None, name: str) -> Department:
    with committing(session):
        clean = _name(session, name)
        department = Department(name=clean, active=True)
        session.add(department)
        session.flush()
        record(session, actor, "department.added", f"Dienst „{clean}” toegevoegd.", data={"id": department.id})
    return department


def rename(session: DbSession, actor: User | None, department_id: int, name: str) -> Department:
    """A new name; the tenders that named the old one take the new one, so their figures stay together."""
    with committing(session):
        department = _get(session, department_id)
        old = department.name
        clean = _name(session, name, department_id)
        department.name = clean
        session.execute(update(Tender).where(Tender.department == old).values(department=clean)
                        .execution_options(synchronize_session=False))
        record(session, actor, "department.renamed", f"Dienst „{old}” heet nu „{clean}”.",
               data={"id": department.id, "from": old, "to": clean})
    return department


def set_active(session: DbSession, actor: User | None, department_id: int, active: bool) -> Department:
    with committing(session):
        department = _get(session, department_id)
        department.active = active
        record(session, actor, "department.activated" if active else "department.deactivated",
               f"Dienst „{department.name}” {'weer actief' if active else 'niet meer aangeboden'}.",
               data={"id": department.id})
    return department


def _get(session: DbSession, department_id: int) -> Department:
    department = session.get(Department, department_id)
    if department is None:
        raise DepartmentRefused("Deze dienst bestaat niet.")
    return department


def _name(session: DbSession, name: str, own_id: int | None = None) -> str:
    clean = " ".join(single_line(name).split())
    if not clean:
        raise DepartmentRefused("Geef de naam van de dienst.")
    if len(clean) > 120:
        raise DepartmentRefused("Maximaal 120 tekens.")
    same = session.scalar(select(Department).where(func.lower(Department.name) == clean.casefold()))
    if same is not None and same.id != own_id:
        raise DepartmentRefused(f"De dienst „{same.name}” staat al in de lijst.")
    return clean
