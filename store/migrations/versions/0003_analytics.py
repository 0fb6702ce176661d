"""Supervisor analytics: one row of figures per conversation (built from Rasa's event broker and the store),
the log of transcripts opened unmasked, and the NLU examples a supervisor proposed."""
from alembic import op
import sqlalchemy as sa

revision = "0003_analytics"
down_revision = "0002_operator_desk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_facts",
        sa.Column("conversation_id", sa.String(), primary_key=True),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("handover_reason", sa.String()),
        sa.Column("identification", sa.String()),
        sa.Column("user_messages", sa.Integer(), nullable=False),
        sa.Column("misunderstood", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer()),
        sa.Column("seconds_to_human", sa.Float()),
        sa.Column("handling_seconds", sa.Float()),
        sa.Column("customer_id", sa.String()),
        sa.Column("order_ids", sa.Text(), nullable=False),
        sa.Column("anonymised", sa.Boolean(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_conversation_facts_started_at", "conversation_facts", ["started_at"])
    op.create_table(
        "analytics_watermarks",
        sa.Column("source", sa.String(), primary_key=True),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
    )
    op.create_table(
        "transcript_openings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(), nullable=False),
        sa.Column("supervisor", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_transcript_openings_conversation_id", "transcript_openings", ["conversation_id"])
    op.create_table(
        "nlu_suggestions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("intent", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("supervisor", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("exported_at", sa.DateTime()),
    )


def downgrade() -> None:
    for table in ("nlu_suggestions", "transcript_openings", "analytics_watermarks", "conversation_facts"):
        op.drop_table(table)
