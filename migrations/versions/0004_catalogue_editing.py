"""catalogue editing: each version keeps its YAML source and change note; drafts of criteria

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 09:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    # Versions made before this revision came from criteria/; the app fills in the source of the one it loads.
    with op.batch_alter_table("catalogue_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("origin", sa.String(length=20), server_default="criteria", nullable=False))
        batch_op.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_catalogue_version_created_by_id_account"), "account", ["created_by_id"], ["id"]
        )

    op.create_table(
        "catalogue_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=120), nullable=False),
        sa.Column("file", sa.String(length=120), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["account.id"], name=op.f("fk_catalogue_draft_author_id_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_draft")),
        sa.UniqueConstraint("criterion", name=op.f("uq_catalogue_draft_criterion")),
    )


def downgrade():
    op.drop_table("catalogue_draft")
    with op.batch_alter_table("catalogue_version", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_catalogue_version_created_by_id_account"), type_="foreignkey")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("note")
        batch_op.drop_column("origin")
        batch_op.drop_column("source")
