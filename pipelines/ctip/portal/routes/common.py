"""What every page needs: the session, the language, rendering, CSRF checks and error pages."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ctip.portal import audit as audit_log
from ctip.portal.auth import client_address, current_session
from ctip.portal.config import max_upload_bytes
from ctip.portal.csrf import valid_session_token
from ctip.portal.store import Session
from ctip.portal.words import choose_language, country_name, words

MAX_FORM_BYTES = 8 * 1024


class NotSignedIn(HTTPException):
    def __init__(self):
        super().__init__(401)


def language(request: Request, session: Session | None) -> str:
    return choose_language(session.account.country if session else None, request.headers.get("accept-language"))


def render(request: Request, template: str, status: int = 200, session: Session | None = None, **context) -> Response:
    session = session if session is not None else current_session(request)
    lang = language(request, session)
    w = words(lang)
    account = session.account if session else None
    context.update(
        w=w,
        lang=lang,
        session=session,
        account=account,
        csrf=session.csrf if session else context.get("csrf"),
        country_name=lambda iso3: country_name(iso3, lang),
        max_mb=f"{max_upload_bytes() / (1024 * 1024):.1f}".removesuffix(".0"),
    )
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def require(request: Request, *roles: str) -> Session:
    """The signed-in session, or 401 (sent to the login page); 403 when the role may not do this."""
    session = current_session(request)
    if session is None:
        raise NotSignedIn()
    if roles and session.account.role not in roles:
        raise HTTPException(403)
    return session


async def small_form(request: Request) -> dict[str, str]:
    """An url-encoded form of at most 8 KB (sign-in, sign-out, rebuild), read with a cap."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413)
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded") and body:
        return {}
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=20)
    return {k: v[0] for k, v in parsed.items()}


def check_csrf(session: Session, token: str | None) -> None:
    if not valid_session_token(session.csrf, token):
        raise HTTPException(403, detail="csrf")


def audit(request: Request, event: str, session: Session | None = None, **fields) -> None:
    account = session.account if session else None
    audit_log.audit(
        request.app.state.config.audit_path,
        event,
        address=client_address(request),
        user=account.name if account else fields.pop("user", None),
        role=account.role if account else None,
        country=fields.pop("country", account.country if account else None),
        **fields,
    )


async def http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    if status == 401:
        return RedirectResponse("/login", status_code=303)
    key = {403: "csrf_failed" if getattr(exc, "detail", None) == "csrf" else "forbidden", 404: "not_found", 413: "too_large", 415: "wrong_type"}.get(
        status, "bad_request"
    )
    return render(request, "error.html", status=status, message_key=key)


async def stylesheet(request: Request) -> Response:
    css = request.app.state.templates.env.loader.get_source(request.app.state.templates.env, "portal.css")[0]
    return Response(css, media_type="text/css", headers={"cache-control": "max-age=3600"})
