"""My submissions: the list, the upload, one submission's feedback, and its files.

A focal point's country is always the account's; a secretariat account may look at any member
(a validated code); a request for another country's submission gets the same 404 as a missing one."""

from __future__ import annotations

import os

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ctip import paths
from ctip.portal import submissions
from ctip.portal.checker import CheckFailed, check_in_child
from ctip.portal.config import max_upload_bytes
from ctip.portal.csrf import valid_session_token
from ctip.portal.routes.common import audit, render, require
from ctip.portal.store import Session
from ctip.portal.uploads import UploadRefused, place, receive_upload, same_content, use_country_mapping

MAX_SHOWN = 500


def country_in_view(request: Request, session: Session) -> str | None:
    account = session.account
    if account.role == "focal_point":
        return account.country
    from ctip.region import member_codes

    asked = request.query_params.get("country", "").upper()
    return asked if asked in member_codes() else account.country


def _owner_scope(session: Session) -> str | None:
    """Whose submissions this account may open: its country, or any member (None) for the secretariat."""
    return None if session.account.role == "secretariat" else session.account.country


async def _list_page(request: Request, session: Session, status: int = 200, **extra) -> Response:
    from ctip.region import member_codes

    country = country_in_view(request, session) if "country" not in extra else extra.pop("country")
    rows, present = await run_in_threadpool(submissions.listing, country) if country else ([], True)
    from ctip.portal.routes.downloads import template_years

    years = template_years(None)
    return render(
        request,
        "submissions.html",
        status=status,
        session=session,
        country=country,
        rows=rows,
        warehouse_present=present,
        members=member_codes(),
        template_years=f"{years[0]}-{years[-1]}",
        **extra,
    )


async def my_submissions(request: Request) -> Response:
    session = require(request, "focal_point", "secretariat")
    return await _list_page(request, session)


def _free_name(folder, name: str) -> str:
    stem, suffix = os.path.splitext(name)
    i = 1
    candidate = name
    while (folder / candidate).exists():
        i += 1
        candidate = f"{stem} ({i}){suffix}"
    return candidate


async def upload(request: Request) -> Response:
    session = require(request, "focal_point")
    country = session.account.country  # never from the request
    raw_root = paths.raw_dir()
    country_dir = raw_root / country
    try:
        received = await receive_upload(request, raw_root, country, max_upload_bytes())
    except UploadRefused as refused:
        audit(request, "upload_refused", session, reason=refused.code)
        return await _list_page(request, session, status=refused.status, error=refused.code, country=country)
    try:
        if not valid_session_token(session.csrf, received.fields.get("csrf_token")):
            audit(request, "upload_refused", session, reason="csrf")
            return await _list_page(request, session, status=403, error="csrf_failed", country=country)
        if received.path is None or received.size == 0:  # no file chosen, or an empty one
            return await _list_page(request, session, status=400, error="no_file", country=country)
        sid = submissions.national_id(received.sha256, country)
        duplicate = await run_in_threadpool(same_content, country_dir, received.sha256)  # hashes the folder
        stored = None
        if duplicate is None:
            # The name the file will have, so the feedback names it as the run will.
            name = _free_name(country_dir, received.name)
            if name != received.name:
                received.path = received.path.rename(received.path.with_name(name))
        own = submissions.report_for(sid, country)
        # The same bytes already sent by another member: check into a private folder rather than
        # overwrite that member's feedback (the shared folder is keyed by content).
        foreign = own is None and submissions.feedback_report(sid) is not None
        if duplicate is not None and own is not None:
            report = own
        else:
            out_dir = received.temp_root / "feedback" if foreign else None
            use_country_mapping(country_dir, received.path.parent)  # checked as the run will read it
            try:  # in a child with a time and memory budget: a costly file must not sink the portal
                folder = await run_in_threadpool(check_in_child, received.path, country, out_dir)
            except CheckFailed as failed:
                audit(request, "upload_refused", session, reason=failed.code, submission_id=sid, bytes=received.size)
                return await _list_page(request, session, status=422, error=failed.code, country=country)
            report = submissions.read_report(folder) or {"submission": {"status": "rejected"}}
        status, reason_code = report["submission"]["status"], report.get("reason_code")
        if duplicate is not None:
            note = ("already_received", duplicate.name)
        elif reason_code == "personal_data":
            note = ("not_stored_personal", None)  # case-level personal data is not kept on the server
        else:
            stored = await run_in_threadpool(place, received.path, country_dir, received.path.name)
            note = ("stored_as", stored.name)
        audit(
            request,
            "upload",
            session,
            file=(stored or duplicate).name if (stored or duplicate) else received.name,
            submission_id=sid,
            status=status,
            bytes=received.size,
        )
        return await _list_page(request, session, result=report, note=note, result_id=None if foreign else sid, country=country, max_shown=MAX_SHOWN)
    finally:
        received.discard()


def _authorised_report(request: Request, session: Session) -> tuple[str, dict]:
    sid = request.path_params["submission_id"]
    report = submissions.report_for(sid, _owner_scope(session))
    if report is None:
        raise HTTPException(404)
    return sid, report


async def detail(request: Request) -> Response:
    session = require(request, "focal_point", "secretariat")
    sid, report = _authorised_report(request, session)
    country = report["submission"]["country_iso3"]
    return render(
        request,
        "submission.html",
        session=session,
        result=report,
        result_id=sid,
        country=country,
        has_annotated=submissions.annotated_path(sid) is not None,
        has_raw=submissions.raw_file(country, sid) is not None,
        max_shown=MAX_SHOWN,
    )


async def annotated(request: Request) -> Response:
    session = require(request, "focal_point", "secretariat")
    sid, report = _authorised_report(request, session)
    path = submissions.annotated_path(sid)
    if path is None:
        raise HTTPException(404)
    audit(request, "download_annotated", session, submission_id=sid, file=f"{sid}/annotated.xlsx")
    return FileResponse(path, filename=f"annotated_{sid}.xlsx", media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


async def sent_file(request: Request) -> Response:
    session = require(request, "focal_point", "secretariat")
    sid, report = _authorised_report(request, session)
    path = submissions.raw_file(report["submission"]["country_iso3"], sid)
    if path is None:
        raise HTTPException(404)
    audit(request, "download_raw", session, submission_id=sid, file=path.name)
    return FileResponse(path, filename=path.name, media_type="application/octet-stream")
