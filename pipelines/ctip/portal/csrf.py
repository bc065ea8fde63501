"""CSRF tokens. Signed in: one random token per session, stored server-side, required in every
form that changes anything. Before sign-in (the login form): a random cookie and, in the form,
its HMAC under the portal's secret — a page on another site can read neither."""

from __future__ import annotations

import hashlib
import hmac
import secrets

PRE_COOKIE = "ctip_login"


def new_pre_token() -> str:
    return secrets.token_urlsafe(24)


def login_token(secret: bytes, pre_cookie: str) -> str:
    return hmac.new(secret, b"login:" + pre_cookie.encode(), hashlib.sha256).hexdigest()


def valid_login_token(secret: bytes, pre_cookie: str | None, submitted: str | None) -> bool:
    if not pre_cookie or not submitted or len(pre_cookie) > 100:
        return False
    return hmac.compare_digest(login_token(secret, pre_cookie), submitted)


def valid_session_token(expected: str, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(expected.encode(), str(submitted).encode())
