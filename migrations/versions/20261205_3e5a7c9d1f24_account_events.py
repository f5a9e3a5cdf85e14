"""the record of what administrators change on accounts

Revision ID: 3e5a7c9d1f24
Revises: 2c4e6a8b0d13
Create Date: 2026-12-05 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3e5a7c9d1f24"
down_revision = "2c4e6a8b0d13"
branch_labels = None
depends_on = None

CHANGES = (
    "created",
    "password_reset",
    "disabled",
    "enabled",
    "role_changed",
    "mediator_profile_changed",
)


def upgrade():
    op.create_table(
        "account_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "change", sa.Enum(*CHANGES, name="accountchange", native_enum=False, length=30), nullable=False
        ),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("remote_addr", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_account_events_actor_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_account_events_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_events")),
    )
    op.create_index(op.f("ix_account_events_user_id"), "account_events", ["user_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_account_events_user_id"), table_name="account_events")
    op.drop_table("account_events")
