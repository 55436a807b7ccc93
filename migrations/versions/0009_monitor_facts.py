"""monitor facts: per tender, the judgement of its latest finished analysis, so the monitor reads no findings

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:00:00
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SCORED = ("met", "partial", "missing")


def upgrade():
    fact = op.create_table(
        "monitor_fact",
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("analysis_id", sa.Integer(), nullable=False),
        sa.Column("product_groups", sa.JSON(), nullable=False),
        sa.Column("score_machine", sa.Float(), nullable=True),
        sa.Column("score_reviewed", sa.Float(), nullable=True),
        sa.Column("essential_machine", sa.Boolean(), nullable=False),
        sa.Column("essential_reviewed", sa.Boolean(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["analysis_id"], ["analysis.id"], name=op.f("fk_monitor_fact_analysis_id_analysis"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"], ["tender.id"], name=op.f("fk_monitor_fact_tender_id_tender"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tender_id", name=op.f("pk_monitor_fact")),
    )
    with op.batch_alter_table("monitor_fact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_monitor_fact_analysis_id"), ["analysis_id"], unique=False)
    _fill(op.get_bind(), fact)


def _fill(connection, fact):
    """The facts of the tenders analysed before: the rows as this revision knows them, judged by the app's one
    pure summary (monitor.figures.judge), stored as the app stores them (monitor.store.columns)."""
    from procurement.matching import Finding
    from procurement.monitor.figures import judge
    from procurement.monitor.store import columns, group_ids

    analysis = sa.table("analysis", sa.column("id", sa.Integer), sa.column("tender_id", sa.Integer),
                        sa.column("status", sa.String), sa.column("product_groups", sa.JSON))
    finding = sa.table("finding", sa.column("id", sa.Integer), sa.column("analysis_id", sa.Integer),
                       sa.column("position", sa.Integer), sa.column("criterion", sa.String),
                       sa.column("theme", sa.String), sa.column("kind", sa.String),
                       sa.column("essential", sa.Boolean), sa.column("status", sa.String))
    review = sa.table("finding_review", sa.column("finding_id", sa.Integer), sa.column("status", sa.String))
    latest = (sa.select(sa.func.max(analysis.c.id)).where(analysis.c.status == "done")
              .group_by(analysis.c.tender_id).scalar_subquery())
    pairs = {}
    for row in connection.execute(
        sa.select(finding.c.analysis_id, finding.c.criterion, finding.c.theme, finding.c.kind, finding.c.essential,
                  finding.c.status, review.c.status.label("reviewed"))
        .select_from(finding.outerjoin(review, review.c.finding_id == finding.c.id))
        .where(finding.c.analysis_id.in_(latest), finding.c.status.in_(SCORED))
        .order_by(finding.c.analysis_id, finding.c.position)
    ):
        machine = Finding(row.criterion, row.theme, row.kind, bool(row.essential), row.status, 0.0)
        reviewed = Finding(row.criterion, row.theme, row.kind, bool(row.essential), row.reviewed or row.status, 0.0)
        pairs.setdefault(row.analysis_id, []).append((machine, reviewed))
    rows = []
    for analysis_id, tender_id, groups in connection.execute(
        sa.select(analysis.c.id, analysis.c.tender_id, analysis.c.product_groups).where(analysis.c.id.in_(latest))
    ):
        found = pairs.get(analysis_id, [])
        judgement = judge([m for m, _ in found], [r for _, r in found])
        rows.append({"tender_id": tender_id, "analysis_id": analysis_id, "product_groups": group_ids(groups),
                     **columns(judgement), "token": uuid.uuid4().hex, "updated_at": datetime.now(UTC)})
    if rows:
        connection.execute(fact.insert(), rows)


def downgrade():
    with op.batch_alter_table("monitor_fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monitor_fact_analysis_id"))
    op.drop_table("monitor_fact")
