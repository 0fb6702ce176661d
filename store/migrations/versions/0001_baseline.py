"""The order store as it was before migrations: customers, orders, contacts, tickets, topics, ratings.

A database created by `Base.metadata.create_all` at that time is stamped with this revision (store.migrate)."""
from alembic import op
import sqlalchemy as sa

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("last_name", sa.String(), nullable=False),
        sa.Column("first_name", sa.String(), nullable=False),
        sa.Column("middle_name", sa.String()),
        sa.Column("city", sa.String(), nullable=False),
        sa.Column("address", sa.String()),
        sa.Column("do_not_contact", sa.Boolean(), nullable=False),
        sa.Column("bonus_card", sa.JSON()),
    )
    op.create_table(
        "customer_phones",
        sa.Column("phone", sa.String(), primary_key=True),
        sa.Column("customer_id", sa.String(), sa.ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("customer_id", sa.String(), sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("delivery", sa.String(), nullable=False),
        sa.Column("carrier", sa.String()),
        sa.Column("tracking_number", sa.String()),
        sa.Column("arrived_in_city", sa.Boolean(), nullable=False),
        sa.Column("expected_delivery", sa.Date()),
        sa.Column("pickup_point", sa.String()),
        sa.Column("partner", sa.String()),
        sa.Column("prepaid", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.String()),
        sa.Column("deferred_comment", sa.Text()),
        sa.Column("previous_contacts", sa.Integer(), nullable=False),
        sa.Column("bought_out_at", sa.Date()),
        sa.Column("return_sent_at", sa.Date()),
        sa.Column("total", sa.Float(), nullable=False),
    )
    op.create_index("ix_orders_customer_id", "orders", ["customer_id"])
    op.create_table(
        "order_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.String(), sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("price", sa.Float(), nullable=False),
        sa.Column("gift", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_order_items_order_id", "order_items", ["order_id"])
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.String(), nullable=False),
        sa.Column("conversation_id", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_contacts_order_id", "contacts", ["order_id"])
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("customer_id", sa.String()),
        sa.Column("order_id", sa.String()),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("conversation_id", sa.String(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
    )
    op.create_table(
        "topics_answered",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_topics_answered_conversation_id", "topics_answered", ["conversation_id"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_ratings_conversation_id", "ratings", ["conversation_id"])


def downgrade() -> None:
    for table in ("ratings", "topics_answered", "tickets", "contacts", "order_items", "orders", "customer_phones",
                  "customers"):
        op.drop_table(table)
