"""Brings a store's schema to the newest Alembic revision; a database made before migrations is adopted first."""
from __future__ import annotations

import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001_baseline"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade_once(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        config = alembic_config(connection)
        if "customers" in tables and "alembic_version" not in tables:
            # Created by create_all before migrations existed: that schema is the baseline revision.
            command.stamp(config, BASELINE)
        command.upgrade(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade to `revision`. Two processes starting on a new file at once (the action server and the desk)
    may both try: the loser's DDL fails on an existing table, and its second try finds the work done."""
    try:
        _upgrade_once(engine, revision)
    except OperationalError:
        time.sleep(0.5)
        _upgrade_once(engine, revision)
