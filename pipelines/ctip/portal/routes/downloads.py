"""Downloads: the template for the account's country, its published figures, the public exports
and the report. Country from the account (focal point) or a validated member code."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ctip.portal import published as pub
from ctip.portal.config import REPORT_CSP
from ctip.portal.routes.common import audit, language, render, require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _country(request: Request, session) -> str | None:
    account = session.account
    if account.role == "focal_point":
        return account.country
    from ctip.region import member_codes

    asked = request.query_params.get("country", "").upper()
    return asked if asked in member_codes() else account.country


def template_years(asked: str | None) -> list[int]:
    """The years asked: ?years=2022-2024 when given and sensible, else the last three full years."""
    this_year = dt.date.today().year
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", asked or "")
    if m:
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if 2000 <= first <= last < this_year + 1 and last - first < 30:
            return list(range(first, last + 1))
    return list(range(this_year - 3, this_year))


def _build_template(country: str, years: list[int], lang: str) -> bytes:
    from ctip.template.workbook import write_template

    with tempfile.TemporaryDirectory() as tmp:
        path = write_template(country, years, Path(tmp) / "template.xlsx", language=lang)
        return Path(path).read_bytes()


async def template(request: Request) -> Response:
    session = require(request, "focal_point", "secretariat")
    country = _country(request, session)
    if country is None:
        raise HTTPException(404)
    years = template_years(request.query_params.get("years"))
    data = await run_in_threadpool(_build_template, country, years, language(request, session))
    name = f"ctip_template_{country}_{years[0]}-{years[-1]}.xlsx"
    audit(request, "download_template", session, file=name)
    return Response(data, media_type=XLSX, headers={"content-disposition": f'attachment; filename="{name}"'})


async def published(request: Request) -> Response:
    session = require(request)
    from ctip.region import member_codes

    country = _country(request, session)
    figures = await run_in_threadpool(pub.country_figures, country) if country else None
    rows = pub.display_rows(figures) if figures is not None else []
    return render(
        request,
        "published.html",
        session=session,
        country=country,
        figures=figures,
        rows=rows,
        exports=[p.name for p in pub.export_files()] if session.account.role != "focal_point" else [],
        has_report=pub.report_path() is not None,
        members=member_codes(),
    )


async def published_csv(request: Request) -> Response:
    session = require(request)
    country = _country(request, session)
    text = await run_in_threadpool(pub.country_csv, country) if country else None
    if text is None:
        raise HTTPException(404)
    audit(request, "download_published", session, file=f"{country}.csv")
    return Response(text, media_type="text/csv; charset=utf-8", headers={"content-disposition": f'attachment; filename="ctip_published_{country}.csv"'})


async def export_file(request: Request) -> Response:
    session = require(request, "secretariat", "researcher")
    wanted = request.path_params["name"]
    path = next((p for p in pub.export_files() if p.name == wanted), None)  # only names the folder lists
    if path is None:
        raise HTTPException(404)
    audit(request, "download_export", session, file=path.name)
    return FileResponse(path, filename=path.name, media_type="application/octet-stream")


async def report(request: Request) -> Response:
    session = require(request)
    path = pub.report_path()
    if path is None:
        raise HTTPException(404)
    audit(request, "download_report", session, file="report/index.html")
    return FileResponse(path, media_type="text/html; charset=utf-8", headers={"content-security-policy": REPORT_CSP})
