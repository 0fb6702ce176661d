"""`python -m desk` serves the operator desk; `python -m desk user NAME ROLE` creates or updates an account
(password from DESK_PASSWORD or asked twice); `python -m desk banner` prints where the desk is and how to log in."""
from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys

from desk.config import DeskSettings


def banner(settings: DeskSettings) -> str:
    """The line `make serve` and `make run` print: the desk's address and, while it has no account, how to make one."""
    from sqlalchemy import func, select

    from store.db import session_scope
    from store.models import DeskUser

    with session_scope() as s:
        accounts = int(s.execute(select(func.count(DeskUser.id))).scalar_one())
    how = ("no account yet: make desk-user NAME=ivanova ROLE=operator (or ROLE=supervisor)" if accounts == 0 else
           f"{accounts} account(s); another: make desk-user NAME=… ROLE=operator|supervisor")
    return f"Operator desk: http://{settings.host}:{settings.port}/  ({how})"


def _banner(_args: argparse.Namespace) -> int:
    print(banner(DeskSettings.from_env()), flush=True)
    return 0


def _serve(_args: argparse.Namespace) -> int:
    from aiohttp import web

    from desk.app import build_app
    from store.db import engine

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # URLs carry conversation ids
    settings = DeskSettings.from_env()
    engine()  # the schema is brought up to date before the first request
    print(f"{banner(settings)}; assistant at {settings.rasa_url}", flush=True)
    web.run_app(build_app(settings), host=settings.host, port=settings.port, print=None)
    return 0


def _user(args: argparse.Namespace) -> int:
    from desk.accounts import create_user

    password = os.environ.get("DESK_PASSWORD")
    if not password:
        password = getpass.getpass(f"Пароль для {args.name}: ")
        if getpass.getpass("Ещё раз: ") != password:
            print("Пароли не совпали.", file=sys.stderr)
            return 1
    try:
        account = create_user(args.name, args.role, password)
    except ValueError as error:
        print(f"Не создан: {error}", file=sys.stderr)
        return 1
    print(f"Пользователь {account.name} ({account.role}) готов.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="desk", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="run the desk (the default)").set_defaults(func=_serve)
    p_user = sub.add_parser("user", help="create or update a desk account")
    p_user.add_argument("name")
    p_user.add_argument("role", choices=("operator", "supervisor"))
    p_user.set_defaults(func=_user)
    sub.add_parser("banner", help="print the desk's address and how to make an account").set_defaults(func=_banner)
    args = parser.parse_args(argv)
    return int(getattr(args, "func", _serve)(args))


if __name__ == "__main__":
    sys.exit(main())
