"""session epoch: a new password or a deactivation ends the sessions signed in before it

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    # Existing users start at epoch 0, the value a session without an epoch is taken to carry.
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
