"""Assembly of the portal: the Starlette application, its security headers and error pages.

`create_app()` takes a PortalConfig (tests pass one with a temporary state folder); everything
else is read per request from ctip.paths, so the CTIP_* environment variables apply."""

from __future__ import annotations

from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from ctip.portal.config import CSP, PortalConfig
from ctip.portal.store import Store

TEMPLATES_DIR = Path(__file__).with_name("templates")


DEFAULT_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),  # pages show a country's own figures: never in a shared cache
]


class SecurityHeaders:
    """Pure ASGI middleware (it does not buffer bodies, so uploads keep streaming)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in DEFAULT_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(config: PortalConfig | None = None) -> Starlette:
    from ctip.portal.routes import admin, auth_pages, common, downloads, submissions_pages

    config = config or PortalConfig()
    routes = [
        Route("/", auth_pages.home),
        Route("/login", auth_pages.login_form, methods=["GET"]),
        Route("/login", auth_pages.login, methods=["POST"]),
        Route("/logout", auth_pages.logout, methods=["POST"]),
        Route("/portal.css", common.stylesheet),
        Route("/submissions", submissions_pages.my_submissions, methods=["GET"]),
        Route("/submissions", submissions_pages.upload, methods=["POST"]),
        Route("/submissions/{submission_id}", submissions_pages.detail),
        Route("/submissions/{submission_id}/annotated.xlsx", submissions_pages.annotated),
        Route("/submissions/{submission_id}/file", submissions_pages.sent_file),
        Route("/template", downloads.template),
        Route("/published", downloads.published),
        Route("/published.csv", downloads.published_csv),
        Route("/exports/{name}", downloads.export_file),
        Route("/report", downloads.report),
        Route("/rebuild", admin.rebuild, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: common.http_error, 404: common.http_error})
    app.state.config = config
    app.state.store = Store(config.db_path)
    # Every value escaped, whatever the template's name (file names and labels come from senders).
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    app.state.templates = Jinja2Templates(env=env)
    app.add_middleware(SecurityHeaders)
    return app
