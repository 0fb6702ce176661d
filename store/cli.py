"""Command line of the order store: `python -m store.cli import FILE`, `… tickets`, `… migrate`."""
from __future__ import annotations

import argparse
import sys

from store import queries
from store.db import store_url
from store.importer import StoreImportError, import_file


def _cmd_import(args: argparse.Namespace) -> int:
    try:
        counts = import_file(args.file)
    except StoreImportError as exc:
        print(f"Nothing imported. {exc}", file=sys.stderr)
        return 1
    print(f"Imported {counts['customers']} customers and {counts['orders']} orders into {_safe_url()}.")
    return 0


def _cmd_tickets(_args: argparse.Namespace) -> int:
    rows = queries.tickets()
    if not rows:
        print("No tickets.")
        return 0
    for t in rows:
        print(f"#{t.id}  {t.created_at:%Y-%m-%d %H:%M}  [{t.kind}]  {t.status}")
        print(f"    customer: {t.customer_id or '—'}   order: {t.order_id or '—'}   conversation: {t.conversation_id}")
        print(f"    reason:   {t.reason}")
        if t.summary:
            for line in t.summary.splitlines():
                print(f"    | {line}")
    print(f"{len(rows)} ticket(s).")
    return 0


def _cmd_migrate(_args: argparse.Namespace) -> int:
    from alembic.migration import MigrationContext

    from store.db import engine

    # Opening the engine upgrades the schema (store.migrate); this reports where it stands.
    with engine().connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    print(f"Store {_safe_url()} is at schema revision {revision}.")
    return 0


def _cmd_deflection(_args: argparse.Namespace) -> int:
    from store.deflection import report

    print(report())
    return 0


def _safe_url() -> str:
    """The store URL without a password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(store_url()).render_as_string(hide_password=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="store", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_import = sub.add_parser("import", help="replace the store's contents with a CRM export (JSON)")
    p_import.add_argument("file")
    p_import.set_defaults(func=_cmd_import)
    sub.add_parser("tickets", help="list the tickets").set_defaults(func=_cmd_tickets)
    sub.add_parser("migrate", help="bring the store's schema up to date").set_defaults(func=_cmd_migrate)
    sub.add_parser("deflection", help="per topic: conversations without hand-over, reasons, ratings").set_defaults(
        func=_cmd_deflection)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
