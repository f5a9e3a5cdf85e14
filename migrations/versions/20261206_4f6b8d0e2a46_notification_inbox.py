"""the inbox in the app: a notification row per person beside each e-mail in the outbox

Revision ID: 4f6b8d0e2a46
Revises: 3e5a7c9d1f24
Create Date: 2026-12-06 09:00:00

Earlier e-mails to an account join its inbox: those already sent count as read when
they were sent (the person got them by mail); those still pending or given up arrive
unread, as the inbox is now how they reach the person.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4f6b8d0e2a46"
down_revision = "3e5a7c9d1f24"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_notifications_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_notifications_outbox_message_id_outbox_messages"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications") as batch:
        batch.create_index("ix_notifications_user_id_read_at", ["user_id", "read_at"], unique=False)
        batch.create_index("ix_notifications_user_id_id", ["user_id", "id"], unique=False)
    op.execute(
        """
        INSERT INTO notifications
            (user_id, kind, case_id, subject, body, outbox_message_id, created_at, read_at)
        SELECT users.id, outbox_messages.kind, outbox_messages.case_id, outbox_messages.subject,
               outbox_messages.body, outbox_messages.id, outbox_messages.created_at,
               CASE WHEN outbox_messages.status = 'sent' THEN outbox_messages.sent_at END
        FROM outbox_messages JOIN users ON users.email = outbox_messages.recipient
        ORDER BY outbox_messages.id
        """
    )


def downgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_user_id_id")
        batch.drop_index("ix_notifications_user_id_read_at")
    op.drop_table("notifications")
