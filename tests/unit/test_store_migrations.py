"""Store migrations: a database made before migrations (by the models of that time) is upgraded and keeps its
data; the newest revision is exactly the models; ticket history cannot be rewritten."""
from __future__ import annotations

import datetime as dt
import subprocess
import types
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from store import migrate
from store.models import Base

ROOT = Path(__file__).resolve().parents[2]
# The last commit whose store/db.py made the schema with create_all.
BEFORE_MIGRATIONS = "8e10ee1"


def _models_before_migrations() -> types.ModuleType:
    source = subprocess.run(["git", "show", f"{BEFORE_MIGRATIONS}:store/models.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("models_before_migrations")
    exec(compile(source, "models_before_migrations.py", "exec"), module.__dict__)
    return module


def _differences(engine, metadata) -> list:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), metadata)


def test_a_database_of_the_old_schema_is_upgraded_and_keeps_its_data(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}", future=True)
    _models_before_migrations().Base.metadata.create_all(engine)
    with engine.begin() as c:
        c.execute(text("INSERT INTO customers (id, last_name, first_name, city, do_not_contact) "
                       "VALUES ('C1', 'Иванова', 'Мария', 'Тула', 0)"))
        c.execute(text("INSERT INTO tickets (kind, reason, conversation_id, summary, created_at, status) "
                       "VALUES ('operator', 'просит оператора', 'conv-1', 'Сводка', :at, 'open')"),
                  {"at": dt.datetime(2026, 11, 20, 10, 0)})

    migrate.upgrade(engine)

    with engine.connect() as c:
        assert c.execute(text("SELECT last_name FROM customers WHERE id = 'C1'")).scalar_one() == "Иванова"
        ticket = c.execute(text("SELECT reason, summary, status, assignee FROM tickets")).one()
    assert tuple(ticket) == ("просит оператора", "Сводка", "new", None)
    assert {"desk_users", "live_chats", "ticket_history"} <= set(inspect(engine).get_table_names())
    assert _differences(engine, Base.metadata) == []


def test_the_baseline_revision_is_the_schema_before_migrations(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'baseline.db'}", future=True)
    migrate.upgrade(engine, migrate.BASELINE)
    assert _differences(engine, _models_before_migrations().Base.metadata) == []


def test_a_new_database_gets_exactly_the_models_and_a_second_upgrade_changes_nothing(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'new.db'}", future=True)
    migrate.upgrade(engine)
    migrate.upgrade(engine)
    assert _differences(engine, Base.metadata) == []


def test_ticket_history_is_append_only(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDER_STORE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    from store import queries
    from store.db import session_scope
    from store.models import TicketHistory

    ticket_id = queries.create_ticket(kind="operator", reason="r", conversation_id="c")
    with session_scope() as s:
        s.add(TicketHistory(ticket_id=ticket_id, actor="ivanova", action="status", detail="new → in_progress"))
    with pytest.raises(PermissionError), session_scope() as s:
        s.query(TicketHistory).one().detail = "rewritten"
        s.flush()
    with pytest.raises(PermissionError), session_scope() as s:
        s.delete(s.query(TicketHistory).one())
        s.flush()
    with session_scope() as s:
        assert s.query(TicketHistory).one().detail == "new → in_progress"


def test_the_log_of_unmasked_transcripts_is_append_only(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDER_STORE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    from store.analytics_models import TranscriptOpening
    from store.db import session_scope

    with session_scope() as s:
        s.add(TranscriptOpening(conversation_id="c", supervisor="smirnova", reason="жалоба"))
    with pytest.raises(PermissionError, match="unmasked transcripts"), session_scope() as s:
        s.query(TranscriptOpening).one().reason = "rewritten"
        s.flush()
    with pytest.raises(PermissionError), session_scope() as s:
        s.delete(s.query(TranscriptOpening).one())
        s.flush()
    with session_scope() as s:
        assert s.query(TranscriptOpening).one().reason == "жалоба"
