"""Sign-in and sign-out. The login form carries a CSRF token bound to a pre-login cookie; failed
attempts are counted per account and per address, and over the limit the password is not tried."""

from __future__ import annotations

import threading

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ctip.portal import ratelimit
from ctip.portal.auth import SESSION_COOKIE, clear_cookie, client_address, current_session, set_cookie
from ctip.portal.csrf import PRE_COOKIE, login_token, new_pre_token, valid_login_token
from ctip.portal.routes.common import audit, check_csrf, render, require, small_form

# argon2 costs ~64 MB and tens of milliseconds per try: verify off the event loop (a stream of
# sign-ins must not stall every other page) and two at a time (a burst must not exhaust memory).
_VERIFYING = threading.BoundedSemaphore(2)


def _authenticate(store, username: str, password: str):
    with _VERIFYING:
        return store.authenticate(username, password)


async def home(request: Request) -> Response:
    session = current_session(request)
    if session is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/published" if session.account.role == "researcher" else "/submissions", status_code=303)


def _login_page(request: Request, status: int = 200, error: str | None = None, minutes: int | None = None) -> Response:
    pre = request.cookies.get(PRE_COOKIE)
    if not pre or len(pre) > 100:
        pre = new_pre_token()
    token = login_token(request.app.state.store.secret(), pre)
    response = render(request, "login.html", status=status, error=error, minutes=minutes, csrf=token)
    set_cookie(request, response, PRE_COOKIE, pre, max_age=3600)
    return response


async def login_form(request: Request) -> Response:
    if current_session(request) is not None:
        return RedirectResponse("/", status_code=303)
    return _login_page(request)


async def login(request: Request) -> Response:
    state = request.app.state
    form = await small_form(request)
    address = client_address(request)
    if not valid_login_token(state.store.secret(), request.cookies.get(PRE_COOKIE), form.get("csrf_token")):
        audit(request, "login_refused", reason="csrf")
        return _login_page(request, status=403, error="csrf_failed")
    username = form.get("username", "").strip()[:64]
    password = form.get("password", "")
    known = any(a.name == username for a in state.store.users())
    shown = username if known else "(unknown)"  # never log what may be a mistyped password
    if ratelimit.throttled(state.store, state.config, username, address):
        audit(request, "login_throttled", user=shown)
        return _login_page(request, status=429, error="too_many", minutes=max(1, state.config.failure_window_seconds // 60))
    account = await run_in_threadpool(_authenticate, state.store, username, password[:1024]) if username and password else None
    if account is None:
        ratelimit.record_failure(state.store, username, address)
        audit(request, "login_failed", user=shown)
        return _login_page(request, status=401, error="login_failed")
    ratelimit.record_success(state.store, username)
    old = current_session(request)
    if old is not None:
        state.store.end_session(old.token_sha)
    token, session = state.store.new_session(account)
    audit(request, "login", session=session)
    response = RedirectResponse("/", status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token, max_age=state.config.session_max_seconds)
    clear_cookie(request, response, PRE_COOKIE)
    return response


async def logout(request: Request) -> Response:
    session = require(request)
    form = await small_form(request)
    check_csrf(session, form.get("csrf_token"))
    request.app.state.store.end_session(session.token_sha)
    audit(request, "logout", session=session)
    response = RedirectResponse("/login", status_code=303)
    clear_cookie(request, response, SESSION_COOKIE)
    return response
