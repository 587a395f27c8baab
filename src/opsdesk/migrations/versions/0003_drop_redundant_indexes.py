"""Drop two indexes that a wider index already covers.

``ix_order_lines_order_id`` duplicates the leading column of the unique
``(order_id, line_no)`` index, and ``ix_reservations_variant_id`` that of
``ix_reservations_waiting (variant_id, status, created_at)``: lookups by the column use
the wider index as well, and every order line and reservation written updated both.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_DROPPED = (
    ("order_lines", "ix_order_lines_order_id", "order_id"),
    ("reservations", "ix_reservations_variant_id", "variant_id"),
)


def upgrade() -> None:
    for table, index, _column in _DROPPED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(index)


def downgrade() -> None:
    for table, index, column in _DROPPED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(index, [column], unique=False)
