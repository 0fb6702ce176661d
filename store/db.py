"""Engine and sessions. ORDER_STORE_URL is any SQLAlchemy URL; the default is a SQLite file in var/."""
from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from store import migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'orders.db'}"


def store_url() -> str:
    return os.environ.get("ORDER_STORE_URL") or DEFAULT_URL


@lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        # A pool of open connections (SQLAlchemy 1.4 opens a new SQLite file connection per session:
        # 0.4 ms and the pragmas below, several times per message in the action server).
        engine = create_engine(url, future=True, poolclass=QueuePool,
                               connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(conn, _record) -> None:  # type: ignore[no-untyped-def]
            # WAL lets the action server read while an import or a ticket write is under way.
            cur = conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
    else:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    # The schema is whatever the migrations make it (store/migrations/); an older database is brought up to date.
    migrate.upgrade(engine)
    return engine


def engine() -> Engine:
    return engine_for(store_url())


@lru_cache(maxsize=None)
def _session_factory(url: str) -> sessionmaker:
    return sessionmaker(bind=engine_for(url), future=True, expire_on_commit=False)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A transaction: committed on success, rolled back on any error."""
    session: Session = _session_factory(store_url())()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
