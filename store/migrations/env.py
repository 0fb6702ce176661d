"""Alembic's entry point for the order store: runs on the connection store.migrate hands over, or on ORDER_STORE_URL."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from store.models import Base

config = context.config


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # Batch mode: SQLite cannot ALTER most things in place; Alembic copies the table instead.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from store.db import store_url

    with create_engine(store_url(), future=True).connect() as fresh:
        _run(fresh)
