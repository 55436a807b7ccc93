"""saved clause bundles: named, per user, shared by a link token

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 00:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "saved_bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["account.id"], name=op.f("fk_saved_bundle_owner_id_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_bundle")),
        sa.UniqueConstraint("owner_id", "name", name="uq_saved_bundle_owner_id_name"),
        sa.UniqueConstraint("token", name=op.f("uq_saved_bundle_token")),
    )
    op.create_index(op.f("ix_saved_bundle_owner_id"), "saved_bundle", ["owner_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_saved_bundle_owner_id"), table_name="saved_bundle")
    op.drop_table("saved_bundle")
