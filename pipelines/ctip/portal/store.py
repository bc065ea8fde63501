"""Accounts, sessions and failed logins in one small SQLite file (data/portal/accounts.sqlite).

Passwords are hashed with argon2id (argon2-cffi); session tokens are stored only as SHA-256
digests, so a copy of the file gives no live session."""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ctip.portal.config import ROLES

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_HASHER = PasswordHasher()
# Verified when the user does not exist, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

SCHEMA = """
create table if not exists users (
    name text primary key, country text, role text not null, password_hash text not null, created real not null);
create table if not exists sessions (
    token_sha text primary key, username text not null references users(name) on delete cascade,
    csrf text not null, created real not null, seen real not null);
create table if not exists failures (kind text not null, key text not null, at real not null);
create index if not exists failures_key on failures(kind, key, at);
create table if not exists meta (key text primary key, value text not null);
"""


class AccountError(ValueError):
    """A user name, role or country that cannot be accepted (the message says why)."""


@dataclass(frozen=True)
class Account:
    name: str
    country: str | None
    role: str


@dataclass(frozen=True)
class Session:
    account: Account
    csrf: str
    token_sha: str


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.executescript(SCHEMA)
        try:
            self.path.chmod(0o600)  # accounts are for the operator only
        except OSError:
            pass

    @contextmanager
    def _connect(self):
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            con.execute("pragma foreign_keys = on")
            con.execute("pragma busy_timeout = 10000")
            yield con
        finally:
            con.close()

    # -- accounts -------------------------------------------------------------------------
    def add_user(self, name: str, password: str, role: str, country: str | None) -> Account:
        from ctip.region import member_codes

        if not USERNAME.fullmatch(name or ""):
            raise AccountError("a user name is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        country = country.upper() if country else None
        if role == "focal_point" and not country:
            raise AccountError("a focal point needs --country ISO3")
        if country and country not in member_codes():
            raise AccountError(f"{country} is not a member of the region (schemas/region.csv)")
        if len(password) < 8:
            raise AccountError("the password must have at least 8 characters")
        with self._connect() as con:
            try:
                con.execute("insert into users values (?, ?, ?, ?, ?)", (name, country, role, _HASHER.hash(password), time.time()))
            except sqlite3.IntegrityError:
                raise AccountError(f"user {name} already exists") from None
        return Account(name, country, role)

    def remove_user(self, name: str) -> bool:
        with self._connect() as con:
            con.execute("delete from sessions where username = ?", (name,))
            return con.execute("delete from users where name = ?", (name,)).rowcount > 0

    def users(self) -> list[Account]:
        with self._connect() as con:
            rows = con.execute("select name, country, role from users order by name").fetchall()
        return [Account(*r) for r in rows]

    def authenticate(self, name: str, password: str) -> Account | None:
        with self._connect() as con:
            row = con.execute("select name, country, role, password_hash from users where name = ?", (name,)).fetchone()
        try:
            _HASHER.verify(row[3] if row else _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _HASHER.check_needs_rehash(row[3]):
            with self._connect() as con:
                con.execute("update users set password_hash = ? where name = ?", (_HASHER.hash(password), name))
        return Account(row[0], row[1], row[2])

    # -- sessions -------------------------------------------------------------------------
    def new_session(self, account: Account) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = time.time()
        with self._connect() as con:
            con.execute("insert into sessions values (?, ?, ?, ?, ?)", (_sha(token), account.name, csrf, now, now))
        return token, Session(account, csrf, _sha(token))

    def session(self, token: str | None, idle: int, maximum: int) -> Session | None:
        if not token or len(token) > 200:
            return None
        now = time.time()
        sha = _sha(token)
        with self._connect() as con:
            row = con.execute(
                "select u.name, u.country, u.role, s.csrf, s.created, s.seen from sessions s join users u on u.name = s.username where s.token_sha = ?", (sha,)
            ).fetchone()
            if row is None:
                return None
            if now - row[5] > idle or now - row[4] > maximum:
                con.execute("delete from sessions where token_sha = ?", (sha,))
                return None
            con.execute("update sessions set seen = ? where token_sha = ?", (now, sha))
        return Session(Account(row[0], row[1], row[2]), row[3], sha)

    def end_session(self, token_sha: str) -> None:
        with self._connect() as con:
            con.execute("delete from sessions where token_sha = ?", (token_sha,))

    # -- failed logins --------------------------------------------------------------------
    def record_failure(self, kind: str, key: str) -> None:
        with self._connect() as con:
            con.execute("insert into failures values (?, ?, ?)", (kind, key, time.time()))

    def failures_since(self, kind: str, key: str, since: float) -> int:
        with self._connect() as con:
            con.execute("delete from failures where at < ?", (time.time() - 86400,))
            return con.execute("select count(*) from failures where kind = ? and key = ? and at >= ?", (kind, key, since)).fetchone()[0]

    def clear_failures(self, kind: str, key: str) -> None:
        with self._connect() as con:
            con.execute("delete from failures where kind = ? and key = ?", (kind, key))

    # -- secret for tokens issued before login --------------------------------------------
    def secret(self) -> bytes:
        with self._connect() as con:
            row = con.execute("select value from meta where key = 'secret'").fetchone()
            if row is None:
                con.execute("insert or ignore into meta values ('secret', ?)", (secrets.token_hex(32),))
                row = con.execute("select value from meta where key = 'secret'").fetchone()
        return bytes.fromhex(row[0])
