"""Uploads: checked at once like `ctip check`, stored only in data/raw/<the account's country>/,
under a sanitised name that never replaces another file; size, type and CSRF refused before
anything is kept."""

from __future__ import annotations

import io

import pytest

from tests.portal.conftest import audit_lines, filled_workbook, raw_files, signed_in


def upload(client, token, name, content, content_type="application/octet-stream"):
    data = {"csrf_token": token} if token is not None else {}
    return client.post("/submissions", data=data, files={"file": (name, content, content_type)})


@pytest.fixture
def workbook(tmp_path):
    return filled_workbook(tmp_path / "tip_2020.xlsx").read_bytes()


def test_upload_is_checked_and_stored_in_the_accounts_country_only(portal, workbook):
    c, token = signed_in(portal, "ana")
    r = upload(c, token, "tip_2020.xlsx", workbook)
    assert r.status_code == 200
    assert "accepted" in r.text and "Stored as tip_2020.xlsx" in r.text
    assert "victims_detected" in r.text and ">50<" in r.text and ">61<" in r.text  # the stored figures, listed
    assert raw_files(portal) == ["JAM/tip_2020.xlsx"]
    assert (portal["raw"] / "JAM" / "tip_2020.xlsx").read_bytes() == workbook
    # The feedback folder is the one `ctip check` writes, keyed by the submission's id (content and country).
    import hashlib

    from ctip.portal.submissions import national_id

    sid = national_id(hashlib.sha256(workbook).hexdigest(), "JAM")
    assert (portal["marts"] / "feedback" / sid / "annotated.xlsx").exists()
    listing = c.get("/submissions").text
    assert "JAM/tip_2020.xlsx" in listing and f"/submissions/{sid}/annotated.xlsx" in listing
    entry = [e for e in audit_lines(portal) if e["event"] == "upload"][-1]
    assert entry["user"] == "ana" and entry["country"] == "JAM" and entry["file"] == "tip_2020.xlsx"
    assert entry["submission_id"] == sid and entry["status"] == "accepted" and "at" in entry


def test_country_in_the_request_is_ignored(portal, workbook):
    c, token = signed_in(portal, "ana")
    r = c.post("/submissions?country=TTO", data={"csrf_token": token, "country": "TTO", "path": "TTO/x.xlsx"}, files={"file": ("TTO/x.xlsx", workbook)})
    assert r.status_code == 200
    assert raw_files(portal) == ["JAM/x.xlsx"]


def test_upload_without_csrf_token_is_refused_and_nothing_stored(portal, workbook):
    c, token = signed_in(portal, "ana")
    assert upload(c, None, "a.xlsx", workbook).status_code == 403
    assert upload(c, "x" * len(token), "a.xlsx", workbook).status_code == 403
    assert raw_files(portal) == []
    assert not (portal["marts"] / "feedback").exists()  # not even checked
    assert [e["reason"] for e in audit_lines(portal) if e["event"] == "upload_refused"] == ["csrf", "csrf"]


def test_token_of_another_session_is_refused(portal, workbook):
    c, _ = signed_in(portal, "ana")
    _, other_token = signed_in(portal, "ana")
    assert upload(c, other_token, "a.xlsx", workbook).status_code == 403
    assert raw_files(portal) == []


def test_oversized_upload_is_refused_before_it_is_stored(portal, monkeypatch):
    monkeypatch.setenv("CTIP_MAX_FILE_BYTES", "20000")  # the intake budget, lowered for the test
    c, token = signed_in(portal, "ana")
    big = b"year,victims\n" + b"2020,1\n" * 10_000
    r = upload(c, token, "big.csv", big)
    assert r.status_code == 413 and "larger than" in r.text
    assert raw_files(portal) == []
    assert not (portal["marts"] / "feedback").exists()


def test_oversized_chunked_upload_is_cut_while_streaming(portal, monkeypatch):
    """No Content-Length: the body is counted as it arrives and reading stops at the budget."""
    monkeypatch.setenv("CTIP_MAX_FILE_BYTES", "20000")
    c, token = signed_in(portal, "ana")
    boundary = "b0undary"
    sent = {"n": 0}

    def body():
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        for _ in range(1000):  # 1 MB offered in 1 KB chunks
            sent["n"] += 1
            yield b"1" * 1024
        yield f"\r\n--{boundary}--\r\n".encode()

    r = c.post("/submissions", content=body(), headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 413
    assert raw_files(portal) == []


@pytest.mark.parametrize("name", ["macro.exe", "notes.pdf", "archive.zip", "page.html", "mapping.yaml", "noext"])
def test_other_file_types_are_refused(portal, name):
    c, token = signed_in(portal, "ana")
    r = upload(c, token, name, b"1,2,3\n")
    assert r.status_code == 415
    assert raw_files(portal) == []


def test_a_workbook_that_is_not_a_zip_is_refused(portal):
    c, token = signed_in(portal, "ana")
    r = upload(c, token, "fake.xlsx", b"MZ\x90\x00 this is an executable")
    assert r.status_code == 415
    assert raw_files(portal) == []


@pytest.mark.parametrize(
    "name, stored",
    [
        ("../../etc/passwd.csv", "passwd.csv"),
        ("..\\..\\windows\\evil.csv", "evil.csv"),
        ("/absolute/path/abs.csv", "abs.csv"),
        ("TTO/../../HTI/x.csv", "x.csv"),
        (".hidden.csv", "hidden.csv"),
        ("~$lock.csv", "lock.csv"),
        ("a\x00b\nc.csv", "a_00b_0Ac.csv"),  # the client percent-encodes them
        ("..csv", "upload.csv"),
        ("-rf .csv", "rf.csv"),
        ("na\u202eme.csv", "name.csv"),
        ("Año 2020 <script>.csv", "Año 2020 _script.csv"),
        ("report.CSV", "report.csv"),
    ],
)
def test_path_tricks_in_file_names_are_sanitised(portal, name, stored):
    c, token = signed_in(portal, "ana")
    r = upload(c, token, name, b"indicator,year,value\nvictims_detected,2020,12\n")
    assert r.status_code == 200, r.text
    assert raw_files(portal) == [f"JAM/{stored}"]
    assert "<script>" not in r.text


@pytest.mark.parametrize(
    "raw, safe",
    [
        ("a\x00b\nc.csv", "abc.csv"),
        ("x/y\\z.xlsx", "z.xlsx"),
        ("..", None),
        ("a.csv.exe", None),
        ("a.exe.csv", "a.exe.csv"),
        ("\u202egpj.xlsx", "gpj.xlsx"),
        ("...xlsx", "upload.xlsx"),
        ("a" * 500 + ".ods", "a" * 100 + ".ods"),
    ],
)
def test_sanitise_filename(raw, safe):
    from ctip.portal.uploads import sanitise_filename

    assert sanitise_filename(raw) == safe


def test_never_overwrites_another_file(portal, tmp_path):
    c, token = signed_in(portal, "ana")
    first = filled_workbook(tmp_path / "a.xlsx", {2019: 50}).read_bytes()
    second = filled_workbook(tmp_path / "b.xlsx", {2019: 70}).read_bytes()
    assert upload(c, token, "tip.xlsx", first).status_code == 200
    r = upload(c, token, "tip.xlsx", second)
    assert "Stored as tip (2).xlsx" in r.text
    assert raw_files(portal) == ["JAM/tip (2).xlsx", "JAM/tip.xlsx"]
    assert (portal["raw"] / "JAM" / "tip.xlsx").read_bytes() == first
    # The same content again is the same submission: not stored a third time.
    r = upload(c, token, "again.xlsx", first)
    assert "already received" in r.text and len(raw_files(portal)) == 2


def test_a_file_of_personal_data_is_answered_but_not_kept(portal):
    c, token = signed_in(portal, "ana")
    rows = "Name,Date of birth,Passport number,Sex\n" + "".join(f"Person {i},1990-01-{i + 1:02d},P{1000 + i},female\n" for i in range(12))
    r = upload(c, token, "cases.csv", rows.encode())
    assert r.status_code == 200 and "rejected" in r.text and "not stored" in r.text
    assert raw_files(portal) == []
    assert "Person 1" not in r.text


def test_only_focal_points_upload(portal, workbook):
    for name in ("sec", "res"):
        c, token = signed_in(portal, name)
        assert upload(c, token, "a.xlsx", workbook).status_code == 403
    anonymous = __import__("tests.portal.conftest", fromlist=["make_client"]).make_client(portal)
    r = anonymous.post("/submissions", files={"file": ("a.xlsx", io.BytesIO(workbook))}, follow_redirects=False)
    assert r.status_code == 303
    assert raw_files(portal) == []


def test_no_file_chosen(portal):
    c, token = signed_in(portal, "ana")
    r = c.post("/submissions", data={"csrf_token": token}, files={"file": ("", b"")})
    assert r.status_code == 400
    assert upload(c, token, "empty.csv", b"").status_code == 400
    assert raw_files(portal) == []
