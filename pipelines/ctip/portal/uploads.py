"""Receiving a file: the multipart body is parsed while it streams in, so the size and type
limits hold before anything is kept. The file goes to a private temporary folder inside the drop
folder (a dot-folder, which discovery and the sensor skip), is checked there, and is then linked
into data/raw/<ISO3>/ under a sanitised name that never replaces another file."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from ctip.intake.discover import IGNORED_NAMES
from ctip.portal.config import ALLOWED_SUFFIXES, ZIP_SUFFIXES

INCOMING = ".portal-incoming"
MAX_FIELD_CHARS = 4096
MAX_PARTS = 8
MULTIPART_OVERHEAD = 64 * 1024  # boundaries, headers and small fields beyond the file itself
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_UNSAFE = re.compile(r"[^\w.\- ()]")
MAX_NAME_BYTES = 200


class UploadRefused(Exception):
    """The upload cannot be taken; `code` is a key of the portal's words, `status` the HTTP status."""

    def __init__(self, code: str, status: int):
        super().__init__(code)
        self.code = code
        self.status = status


def sanitise_filename(raw: str | None) -> str | None:
    """A safe base name with an allowed extension, or None when the type is not accepted.

    Only the last path component is kept (both / and \\), control and direction characters are
    dropped, anything but letters, digits, space, '.', '-', '_', '(' and ')' becomes '_', and
    leading dots (hidden files) and dashes go."""
    if not raw:
        return None
    name = unicodedata.normalize("NFC", str(raw))
    name = re.split(r"[\\/]", name)[-1]
    name = _CONTROL.sub("", name)
    name = _UNSAFE.sub("_", name)
    stem, dot, ext = name.rpartition(".")
    suffix = ("." + ext.strip()).lower()
    if not dot or suffix not in ALLOWED_SUFFIXES:
        return None
    stem = re.sub(r"\s+", " ", re.sub(r"\.{2,}", ".", stem))
    stem = stem.strip(" ._-")[:100].strip(" ._-") or "upload"
    # At most MAX_NAME_BYTES in UTF-8, so ' (9999)' still fits the file system's 255 bytes.
    while len(stem.encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1].rstrip(" ._-") or "upload"
    if (stem + suffix).lower() in IGNORED_NAMES:  # README.txt would sit in the folder, never read
        stem += "_upload"
    return stem + suffix


def is_mapping_name(raw: str | None) -> bool:
    """mapping.yaml / mapping.yml (any case, any folder part): refused with its own message."""
    name = re.split(r"[\\/]", unicodedata.normalize("NFKC", str(raw or "")))[-1]
    return _CONTROL.sub("", name).strip(" .").lower().lstrip(".") in ("mapping.yaml", "mapping.yml")


@dataclass
class Received:
    fields: dict[str, str]
    name: str | None = None  # sanitised
    path: Path | None = None  # the temporary copy
    size: int = 0
    sha256: str = ""
    temp_root: Path | None = None

    def discard(self) -> None:
        if self.temp_root is not None:
            shutil.rmtree(self.temp_root, ignore_errors=True)
            try:
                self.temp_root.parent.rmdir()  # the incoming folder, when no other upload uses it
            except OSError:
                pass


@dataclass
class _State:
    headers: dict[str, bytes] = field(default_factory=dict)
    field_name: bytes = b""
    header_name: bytes = b""
    header_value: bytes = b""
    current: str | None = None  # field name, or "\0file" while the file part streams
    buffer: bytearray = field(default_factory=bytearray)
    head: bytearray = field(default_factory=bytearray)
    parts: int = 0
    error: UploadRefused | None = None


async def receive_upload(request: Request, raw_root: Path, iso3: str, max_bytes: int) -> Received:
    """Parse the body of POST /submissions; raise UploadRefused before storing anything that
    breaks a limit. The caller must `discard()` the result when done."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > max_bytes + MULTIPART_OVERHEAD:
                raise UploadRefused("too_large", 413)
        except ValueError:
            raise UploadRefused("bad_request", 400) from None
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadRefused("bad_request", 400)

    temp_root = Path(raw_root) / INCOMING / secrets.token_hex(8)
    out = Received(fields={}, temp_root=temp_root)
    st = _State()
    sink: dict[str, object] = {"file": None, "hash": hashlib.sha256()}

    def on_part_begin():
        st.headers, st.current, st.buffer = {}, None, bytearray()
        st.parts += 1
        if st.parts > MAX_PARTS:
            st.error = st.error or UploadRefused("bad_request", 400)

    def on_header_field(data, start, end):
        st.header_name += data[start:end]

    def on_header_value(data, start, end):
        st.header_value += data[start:end]

    def on_header_end():
        st.headers[st.header_name.decode("latin-1").lower()] = st.header_value
        st.header_name, st.header_value = b"", b""

    def on_headers_finished():
        if st.error:
            return
        disposition, options = parse_options_header(st.headers.get("content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            st.current = name
            return
        if name != "file" or out.path is not None:
            st.error = UploadRefused("bad_request", 400)
            return
        raw_name = options[b"filename"].decode("utf-8", "replace")
        if not raw_name:
            st.current = None  # an empty file input: no file chosen
            return
        safe = sanitise_filename(raw_name)
        if safe is None:
            st.error = UploadRefused("mapping_not_uploaded" if is_mapping_name(raw_name) else "wrong_type", 415)
            return
        folder = temp_root / iso3
        folder.mkdir(parents=True, exist_ok=True)
        out.name, out.path = safe, folder / safe
        sink["file"] = open(out.path, "wb")
        st.current = "\0file"

    def on_part_data(data, start, end):
        if st.error or st.current is None:
            return
        chunk = data[start:end]
        if st.current == "\0file":
            out.size += len(chunk)
            if out.size > max_bytes:
                st.error = UploadRefused("too_large", 413)
                return
            if len(st.head) < 4:
                st.head += chunk[: 4 - len(st.head)]
                if len(st.head) == 4 and out.name.lower().endswith(ZIP_SUFFIXES) and bytes(st.head) != b"PK\x03\x04":
                    st.error = UploadRefused("wrong_type", 415)
                    return
            sink["file"].write(chunk)
            sink["hash"].update(chunk)
        else:
            st.buffer += chunk
            if len(st.buffer) > MAX_FIELD_CHARS:
                st.error = UploadRefused("bad_request", 400)

    def on_part_end():
        if st.current and st.current != "\0file" and not st.error:
            out.fields[st.current] = st.buffer.decode("utf-8", "replace")
        st.current = None

    callbacks = dict(
        on_part_begin=on_part_begin,
        on_header_field=on_header_field,
        on_header_value=on_header_value,
        on_header_end=on_header_end,
        on_headers_finished=on_headers_finished,
        on_part_data=on_part_data,
        on_part_end=on_part_end,
    )
    parser = MultipartParser(boundary, callbacks)
    total = 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > max_bytes + MULTIPART_OVERHEAD:
                raise UploadRefused("too_large", 413)
            parser.write(chunk)
            if st.error:
                raise st.error
        parser.finalize()
        if st.error:
            raise st.error
    except UploadRefused:
        _close(sink)
        out.discard()
        raise
    except Exception:
        _close(sink)
        out.discard()
        raise UploadRefused("bad_request", 400) from None
    _close(sink)
    out.sha256 = sink["hash"].hexdigest()
    if out.path is not None and out.name.lower().endswith(ZIP_SUFFIXES) and out.size and bytes(st.head) != b"PK\x03\x04":
        out.discard()
        raise UploadRefused("wrong_type", 415)
    return out


def _close(sink: dict) -> None:
    f = sink.get("file")
    if f is not None and not f.closed:
        f.close()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def same_content(country_dir: Path, sha256: str) -> Path | None:
    """A file already in the country's folder with this content (the same submission)."""
    if not country_dir.is_dir():
        return None
    for path in sorted(country_dir.iterdir()):
        if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
            try:
                if _sha256(path) == sha256:
                    return path
            except OSError:
                continue
    return None


def place(temp: Path, country_dir: Path, name: str) -> Path:
    """Link the checked file into the country's folder under `name`, or `stem (2).ext`... when
    that name is taken: the link is atomic and fails rather than replace an existing file."""
    country_dir.mkdir(parents=True, exist_ok=True)
    stem, suffix = os.path.splitext(name)
    for i in range(1, 10_000):
        candidate = country_dir / (name if i == 1 else f"{stem} ({i}){suffix}")
        try:
            os.link(temp, candidate)
            return candidate
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system: reserve the name, then rename over it
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
            except FileExistsError:
                continue
            os.close(fd)
            shutil.copy2(temp, candidate.with_name(f".{candidate.name}.part"))
            os.replace(candidate.with_name(f".{candidate.name}.part"), candidate)
            return candidate
    raise RuntimeError("no free file name")


def use_country_mapping(country_dir: Path, temp_folder: Path) -> None:
    """Copy the country's mapping.yaml (or .yml) beside the file being checked: intake reads the
    mapping of the file's own folder, and the answer must be the one the run will give."""
    for name in ("mapping.yaml", "mapping.yml"):
        source = Path(country_dir) / name
        if source.is_file() and not source.is_symlink():
            shutil.copyfile(source, Path(temp_folder) / name)
