"""Sessions over cookies: the cookie holds a random token (HttpOnly, SameSite=Strict, Secure when
configured or when the request came over HTTPS); the server keeps its digest, the account and the
session's CSRF token."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ctip.portal.store import Session

SESSION_COOKIE = "ctip_session"


def current_session(request: Request) -> Session | None:
    cached = request.scope.get("ctip.session", False)
    if cached is not False:
        return cached
    state = request.app.state
    session = state.store.session(request.cookies.get(SESSION_COOKIE), state.config.session_idle_seconds, state.config.session_max_seconds)
    request.scope["ctip.session"] = session
    return session


def secure(request: Request) -> bool:
    return request.app.state.config.secure_cookies or request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="strict", secure=secure(request))


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="strict", secure=secure(request))


def client_address(request: Request) -> str:
    """The peer as uvicorn saw it (behind a proxy uvicorn's --forwarded-allow-ips decides whether
    X-Forwarded-For is trusted; the portal never reads that header itself)."""
    return request.client.host if request.client else "unknown"
