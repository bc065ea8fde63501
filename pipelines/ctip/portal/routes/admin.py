"""The secretariat's rebuild button: the same function as `ctip run`, in a child process, one at a time."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ctip.portal import rebuild as rebuilder
from ctip.portal.routes.common import audit, check_csrf, render, require, small_form


async def rebuild(request: Request) -> Response:
    session = require(request, "secretariat")
    form = await small_form(request)
    check_csrf(session, form.get("csrf_token"))
    started = rebuilder.start(request.app.state.config.rebuild_argv)
    audit(request, "rebuild", session, outcome="started" if started else "busy")
    return render(request, "message.html", status=202 if started else 409, session=session, message_key="rebuild_started" if started else "rebuild_busy")
