"""Upload: the bytes go to a temporary folder, then through the same ingest-store-index job as the CLI
(`jobs.ingest_items`, which also mends what a crash of an earlier ingest or upload left).

The user's file name is kept only as the display name (`uploads/<name>` as the record's source
path); it is never used to build a path on disk.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from flask import Blueprint, abort, request
from werkzeug.datastructures import FileStorage

from ingest import SIDECAR_SUFFIX, is_sidecar

from .. import jobs
from ..auth import audit, current_user, require_role
from ..common import respond, services

log = logging.getLogger(__name__)

bp = Blueprint("upload", __name__, template_folder="templates")

MAX_FILES = 500
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
_EXT = re.compile(r"\.[A-Za-z0-9]{1,8}$")


def display_name(filename: str | None, n: int) -> str:
    """A clean relative name for showing and for the record's source path (no '..', no control chars)."""
    raw = _UNSAFE.sub("", (filename or "").replace("\\", "/"))
    parts = [p for p in PurePosixPath(raw).parts if p not in ("", ".", "..", "/")]
    name = "/".join(parts)[-200:] or f"file-{n}"
    return f"uploads/{name}"


def _disk_name(shown: str, n: int) -> str:
    ext = _EXT.search(shown)
    return f"upload-{n}{ext.group(0).lower() if ext else ''}"


def _pair_sidecars(files: list[FileStorage]) -> tuple[list[tuple[int, str, FileStorage]], dict[str, FileStorage]]:
    """The documents (number, shown name, file) and the sidecars by the shown name they describe.

    A sidecar `NAME.EXT.meta.yaml` or `NAME.meta.yaml` is metadata for the document beside it (as
    `evidence ingest` reads a folder), never a document of its own."""
    documents, sidecars = [], {}
    for n, storage in enumerate(files, start=1):
        shown = display_name(storage.filename, n)
        if is_sidecar(PurePosixPath(shown)):
            sidecars[shown.removesuffix(SIDECAR_SUFFIX)] = storage
        else:
            documents.append((n, shown, storage))
    return documents, sidecars


def _sidecar_for(shown: str, sidecars: dict[str, FileStorage]) -> FileStorage | None:
    """NAME.EXT.meta.yaml first, then NAME.meta.yaml; each sidecar serves one document."""
    return sidecars.pop(shown, None) or sidecars.pop(_EXT.sub("", shown), None)


def _saved(documents: list[tuple[int, str, FileStorage]], sidecars: dict[str, FileStorage],
           folder: Path) -> Iterator[jobs.IngestItem]:
    """Each document saved under a safe name in `folder` (with its sidecar beside it), as it is ingested."""
    for n, shown, storage in documents:
        path = folder / _disk_name(shown, n)
        storage.save(path)
        side = _sidecar_for(shown, sidecars)
        if side is not None:
            side.save(path.with_name(path.name + SIDECAR_SUFFIX))
        yield jobs.IngestItem(path, shown)


def _log_and_audit(result: jobs.FileResult) -> None:
    log.info("upload %s: %s %s", result.path, result.status, result.reason or result.record_id or "")
    if result.status in ("ingested", "replaced"):
        audit(current_user(), f"record.{'upload' if result.status == 'ingested' else 'replace'}",
              result.record_id, {"file": result.path})


def ingest_uploads(files: list[FileStorage]) -> list[dict[str, Any]]:
    settings = services().settings
    tmp_root = settings.data_dir / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True)
    documents, sidecars = _pair_sidecars(files)
    # One orchestration with `evidence ingest`; every file is searchable when the request returns.
    with tempfile.TemporaryDirectory(dir=tmp_root, prefix="upload-") as tmp:
        report = jobs.ingest_items(_saved(documents, sidecars, Path(tmp)), settings, services().store,
                                   on_result=_log_and_audit)
    results = [{"name": shown.removeprefix("uploads/"), "status": r.status, "record_id": r.record_id,
                "reason": r.reason} for (_, shown, _), r in zip(documents, report.results, strict=True)]
    for described in sorted(sidecars):  # sidecars whose document was not in this upload
        results.append({"name": (described + SIDECAR_SUFFIX).removeprefix("uploads/"), "status": "failed",
                        "record_id": None, "reason": "a sidecar (metadata for the file beside it), but that file "
                        "is not in this upload; upload the two together"})
    return results


@bp.route("/api/upload", methods=["POST"])
@bp.route("/upload", methods=["GET", "POST"])
@require_role("editor")
def upload() -> Any:
    if request.method == "GET":
        return respond("upload/upload.html", {"results": None})
    files = [f for f in request.files.getlist("files") if f and f.filename]
    if not files:
        abort(400, description="files: choose at least one file or folder to upload")
    if len(files) > MAX_FILES:
        abort(400, description=f"files: at most {MAX_FILES} files at once")
    results = ingest_uploads(files)
    counts = {s: sum(1 for r in results if r["status"] == s) for s in ("ingested", "replaced", "unchanged", "failed")}
    return respond("upload/upload.html", {"results": results, "counts": counts})
