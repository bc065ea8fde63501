"""`ctip serve` and `ctip users ...`: the portal's command-line side."""

from __future__ import annotations

import getpass
import sys

from ctip.portal.config import PortalConfig
from ctip.portal.store import AccountError, Store


def serve(host: str = "127.0.0.1", port: int = 8080, secure_cookies: bool = False) -> int:
    import uvicorn

    from ctip.portal.app import create_app

    config = PortalConfig()
    if secure_cookies:
        config.secure_cookies = True
    print(f"ctip portal on http://{host}:{port}/ (accounts in {config.db_path}; Ctrl-C stops)", flush=True)
    # proxy_headers: X-Forwarded-For/Proto are trusted only from 127.0.0.1 (uvicorn's default
    # forwarded_allow_ips), i.e. a reverse proxy on the same machine; see docs/security.md.
    uvicorn.run(create_app(config), host=host, port=port, proxy_headers=True, server_header=False, log_level="info", access_log=False)
    return 0


def _read_password() -> str:
    """From standard input: one line when piped, asked twice (not echoed) at a terminal."""
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise AccountError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def users_add(name: str, role: str, country: str | None) -> int:
    store = Store(PortalConfig().db_path)
    try:
        account = store.add_user(name, _read_password(), role, country)
    except AccountError as exc:
        print(f"ctip users add: {exc}", file=sys.stderr)
        return 2
    print(f"user {account.name} added ({account.role}{', ' + account.country if account.country else ''})")
    return 0


def users_list() -> int:
    for a in Store(PortalConfig().db_path).users():
        print(f"{a.name}\t{a.role}\t{a.country or '-'}")
    return 0


def users_remove(name: str) -> int:
    if Store(PortalConfig().db_path).remove_user(name):
        print(f"user {name} removed (its sessions ended)")
        return 0
    print(f"ctip users remove: no user {name}", file=sys.stderr)
    return 1


def add_serve_parser(sub) -> None:
    p = sub.add_parser("serve", help="start the members' portal (web) on 127.0.0.1:8080")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--secure-cookies", action="store_true", help="mark cookies Secure (behind an HTTPS reverse proxy)")
    p.set_defaults(func=lambda args: serve(host=args.host, port=args.port, secure_cookies=args.secure_cookies))


def add_users_parser(sub) -> None:
    p = sub.add_parser("users", help="portal accounts: add (password from standard input), list, remove")
    p.set_defaults(func=lambda args: users_list())  # each sub-command below sets its own
    users = p.add_subparsers(dest="users_command", required=True)
    u = users.add_parser("add", help="add an account; the password is read from standard input")
    u.add_argument("name")
    u.add_argument("--role", required=True, choices=["focal_point", "secretariat", "researcher"])
    u.add_argument("--country", help="ISO3 code (required for a focal point)")
    u.set_defaults(func=lambda args: users_add(args.name, args.role, args.country))
    u = users.add_parser("list", help="list accounts (name, role, country)")
    u.set_defaults(func=lambda args: users_list())
    u = users.add_parser("remove", help="remove an account and end its sessions")
    u.add_argument("name")
    u.set_defaults(func=lambda args: users_remove(args.name))
