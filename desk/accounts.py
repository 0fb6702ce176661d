"""Desk accounts: argon2-hashed passwords, sessions (only a token's hash is stored) and slowed-down failed logins."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Iterable, Optional, Tuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from store.clock import now
from store.db import session_scope
from store.models import DeskSession, DeskUser, LoginFailure

ROLES = ("operator", "supervisor")
_hasher = PasswordHasher()
# Same work for an unknown name as for a wrong password: the answer time does not tell which names exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")
# Typos are free; from then on each failure doubles the wait (5 s, 10 s, … 5 min). An address gets more free
# failures than an account: a contact centre's operators may all come from one address.
FREE_FAILURES = {"user": 3, "ip": 10}
FIRST_WAIT_SECONDS = 5
MAX_WAIT_SECONDS = 300


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


@dataclass(frozen=True)
class SessionInfo:
    account: Account
    csrf_token: str


def create_user(name: str, role: str, password: str) -> Account:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise ValueError("the password must have at least 8 characters")
    with session_scope() as s:
        user = s.execute(select(DeskUser).where(DeskUser.name == name)).scalars().first()
        if user is None:
            user = DeskUser(name=name, created_at=now())
            s.add(user)
        user.role, user.password_hash = role, _hasher.hash(password)
        s.flush()
        return Account(int(user.id), user.name, user.role)


def _wait_for(key: str, failures: int) -> float:
    free = FREE_FAILURES[key.split(":", 1)[0]]
    return 0.0 if failures < free else float(min(FIRST_WAIT_SECONDS * 2 ** (failures - free), MAX_WAIT_SECONDS))


def _keys(name: str, address: str) -> Tuple[str, str]:
    return f"user:{name.lower()}", f"ip:{address}"


def seconds_to_wait(name: str, address: str) -> float:
    """How long this account or this address must still wait before the next attempt is even checked."""
    at = now()
    with session_scope() as s:
        rows = s.execute(select(LoginFailure).where(LoginFailure.key.in_(_keys(name, address)))).scalars()
        waits = [(r.last_failed_at + dt.timedelta(seconds=_wait_for(r.key, r.failures)) - at).total_seconds() for r in rows]
    return max([0.0, *waits])


def _record_failure(keys: Iterable[str]) -> None:
    with session_scope() as s:
        for key in keys:
            row = s.get(LoginFailure, key) or LoginFailure(key=key, failures=0)
            row.failures, row.last_failed_at = row.failures + 1, now()
            s.add(row)


def authenticate(name: str, password: str, address: str) -> Optional[Account]:
    """The account, or None (a failure is counted for the name and for the address)."""
    with session_scope() as s:
        user = s.execute(select(DeskUser).where(DeskUser.name == name)).scalars().first()
        stored = user.password_hash if user else _DUMMY_HASH
        account = Account(int(user.id), user.name, user.role) if user else None
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        account = None
    if account is None:
        _record_failure(_keys(name, address))
        return None
    with session_scope() as s:
        s.execute(delete(LoginFailure).where(LoginFailure.key == _keys(name, address)[0]))
    return account


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(account: Account) -> str:
    """A new session; the returned token goes into the cookie and nowhere else."""
    token = secrets.token_urlsafe(32)
    with session_scope() as s:
        s.add(DeskSession(token_hash=_digest(token), user_id=account.id, csrf_token=secrets.token_urlsafe(32),
                          created_at=now(), last_seen_at=now()))
    return token


def session_for(token: Optional[str]) -> Optional[SessionInfo]:
    """The session behind a cookie, marked as seen now (that is what «an operator is online» means)."""
    if not token:
        return None
    with session_scope() as s:
        row = s.get(DeskSession, _digest(token))
        if row is None:
            return None
        row.last_seen_at = now()
        return SessionInfo(Account(int(row.user.id), row.user.name, row.user.role), row.csrf_token)


def close_session(token: str) -> None:
    with session_scope() as s:
        s.execute(delete(DeskSession).where(DeskSession.token_hash == _digest(token)))
