"""electronic service (电子送达): service addresses, service records and SMS attempts, each person's notice preferences, and the party a document concerns alone

Revision ID: b5c25e5a8428
Revises: b2e4c7a19f03
Create Date: 2026-12-05 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b5c25e5a8428"
down_revision = "b2e4c7a19f03"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notice_preferences",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("party", sa.String(10), nullable=True))
    op.create_table(
        "service_addresses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("party", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("mobile", sa.String(20), nullable=False),
        sa.Column("inbox_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("postal_recipient", sa.String(100), nullable=False),
        sa.Column("postal_address", sa.String(300), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=True),
        sa.Column("given_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("case_id", "party", "version"),
    )
    op.create_table(
        "service_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("party", sa.String(10), nullable=False),
        sa.Column("channel", sa.Enum("email", "sms", "in_app", "paper", name="channel", native_enum=False, length=10), nullable=False),
        sa.Column("address", sa.String(400), nullable=False),
        sa.Column("service_address_id", sa.Integer(), sa.ForeignKey("service_addresses.id"), nullable=True),
        sa.Column("outbox_message_id", sa.Integer(), sa.ForeignKey("outbox_messages.id"), nullable=True),
        sa.Column("notification_id", sa.Integer(), sa.ForeignKey("notifications.id"), nullable=True),
        sa.Column("gateway_message_id", sa.String(64), nullable=True, unique=True),
        sa.Column("failure", sa.String(200), nullable=True),
        sa.Column("tracking_number", sa.String(40), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "ix_service_records_case_id_document_id", "service_records", ["case_id", "document_id"]
    )
    op.create_table(
        "service_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("record_id", sa.Integer(), sa.ForeignKey("service_records.id"), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False),
    )
    op.create_index("ix_service_attempts_record_id", "service_attempts", ["record_id"])
    op.create_index(
        "ix_service_records_delivered_at_created_at", "service_records", ["delivered_at", "created_at"]
    )


def downgrade():
    op.drop_index("ix_service_records_delivered_at_created_at", table_name="service_records")
    op.drop_index("ix_service_attempts_record_id", table_name="service_attempts")
    op.drop_table("service_attempts")
    op.drop_index("ix_service_records_case_id_document_id", table_name="service_records")
    op.drop_table("service_records")
    op.drop_table("service_addresses")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("party")
    op.drop_table("notice_preferences")
