"""What the administrator's lists show: the accounts, and the departments with how many tenders name each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from procurement.models import Department, Tender, User
from procurement.reports import format as fmt
from procurement.roles import role_names
from procurement.sessions import DbSession


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    name: str
    full_name: str
    roles: str
    active: bool
    demo: bool
    created: str
    last_login: str


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    id: int
    name: str
    active: bool  # offered by the upload form
    tenders: int  # that name it


def user_row(u: User) -> UserRow:
    return UserRow(u.id, u.name, u.full_name, role_names(u.roles), u.active, u.demo, fmt.when(u.created_at),
                   fmt.when(u.last_login_at) or "nog nooit")


def user_rows(session: DbSession) -> list[UserRow]:
    """Active accounts first, then by name."""
    return [user_row(u) for u in session.scalars(select(User).order_by(User.active.desc(), User.name))]


def department_rows(session: DbSession) -> list[DepartmentRow]:
    """By name."""
    per_name = select(Tender.department, func.count(Tender.id)).group_by(Tender.department)
    counts = {name: n for name, n in session.execute(per_name)}
    return [DepartmentRow(d.id, d.name, d.active, counts.get(d.name, 0))
            for d in session.scalars(select(Department).order_by(Department.name))]
