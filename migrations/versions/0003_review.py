"""review: a tender's review state and the reviewers' decisions on findings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 09:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    # existing tenders start as drafts (concept) without a comment
    with op.batch_alter_table("tender", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_state", sa.String(length=20), server_default="concept", nullable=False))
        batch_op.add_column(sa.Column("review_comment", sa.Text(), server_default="", nullable=False))

    op.create_table(
        "finding_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_name", sa.String(length=120), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.Column("carried_because", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["carried_from_id"], ["finding_review.id"], name=op.f("fk_finding_review_carried_from_id_finding_review")
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["finding.id"], name=op.f("fk_finding_review_finding_id_finding"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["reviewer_id"], ["account.id"], name=op.f("fk_finding_review_reviewer_id_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_review")),
        sa.UniqueConstraint("finding_id", name=op.f("uq_finding_review_finding_id")),
    )


def downgrade():
    op.drop_table("finding_review")
    with op.batch_alter_table("tender", schema=None) as batch_op:
        batch_op.drop_column("review_comment")
        batch_op.drop_column("review_state")
