"""departments as data: a managed list, filled from the departments tenders already name

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    department = op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("name", name=op.f("uq_department_name")),
    )
    # Free-text values that differ only in case or surrounding spaces are one department, spelled as the
    # oldest tender spelled it; the tenders take that spelling, so the figures group cleanly.
    connection = op.get_bind()
    rows = connection.execute(sa.text("select id, department from tender order by id")).fetchall()
    spelling: dict[str, str] = {}
    for _, name in rows:
        clean = " ".join((name or "").split())
        if clean:
            spelling.setdefault(clean.casefold(), clean)
    now = sa.func.now()
    for name in sorted(spelling.values(), key=str.casefold):
        connection.execute(department.insert().values(name=name, active=True, created_at=now))
    for tender_id, name in rows:
        clean = " ".join((name or "").split())
        wanted = spelling.get(clean.casefold(), "") if clean else ""
        if wanted != (name or ""):
            connection.execute(sa.text("update tender set department = :name where id = :id"),
                               {"name": wanted, "id": tender_id})


def downgrade():
    op.drop_table("department")
