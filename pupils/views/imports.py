"""Import from the MIS: upload, preview, confirm.

The uploaded file is kept in the session between the preview and the
confirmation (never on disk), and checked again when it is confirmed.
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from pupils.mis_import import (
    MAX_BYTES,
    ImportFileError,
    ImportKind,
    may_import_sen,
    mis_import_apply,
    mis_import_preview,
)
from pupils.provision_forms import ImportForm
from schools.access import school_for
from schools.roles import RECORD_KEEPERS
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.uploads import body_limit

SESSION_KEY = "pupils_mis_import"


def file_token(data: bytes, kind: str) -> str:
    """Ties a preview to the file and what it holds (the attendance import uses it too)."""
    return hashlib.sha256(kind.encode() + b"\0" + data).hexdigest()[:32]


def too_large(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; the most that can be "
        f"imported at once is {MAX_BYTES // 1024 // 1024} MB. Split it into smaller files."
    )


# The body holds the file and a few form fields: allow a little over the file limit.
UPLOAD_BODY_LIMIT = MAX_BYTES + 64 * 1024


@body_limit(UPLOAD_BODY_LIMIT)
@roles_required(*RECORD_KEEPERS)
def import_upload(request: AuthedRequest) -> HttpResponse:
    if getattr(request, "body_too_large", False):
        # Refused from the Content-Length alone: the body is never read
        # (sendit/lib/uploads.py), and nothing is changed.
        form = ImportForm({}, {}, kinds=ImportKind.choices)
        form.full_clean()
        form.errors.clear()
        form.add_error("file", too_large(int(request.META.get("CONTENT_LENGTH") or 0)))
        return render(
            request,
            "pupils/import_upload.html",
            {"form": form, "result": None, "kind_label": "", **_sen_context(request)},
            status=413,
        )
    form = ImportForm(request.POST or None, request.FILES or None, kinds=ImportKind.choices)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        if upload.size > MAX_BYTES:
            form.add_error("file", too_large(upload.size))
        else:
            data = upload.read()
            try:
                result = mis_import_preview(
                    school=school_for(request.user),
                    kind=kind,
                    data=data,
                    filename=upload.name,
                    actor=request.user,
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if result.ok:
                    request.session[SESSION_KEY] = {
                        "kind": kind,
                        "filename": upload.name,
                        "text": data.decode("utf-8-sig"),
                        "token": file_token(data, kind),
                    }
                    return redirect("pupils:import_preview")
    return render(
        request,
        "pupils/import_upload.html",
        {"form": form, "result": result, "kind_label": _kind_label(form), **_sen_context(request)},
    )


def _sen_context(request: AuthedRequest) -> dict[str, bool]:
    return {"sen_imported": may_import_sen(request.user)}


def _kind_label(form: ImportForm) -> str:
    kind = form.data.get("kind", "") if form.is_bound else ""
    return ImportKind(kind).label if kind in ImportKind.values else ""


@roles_required(*RECORD_KEEPERS)
def import_preview(request: AuthedRequest) -> HttpResponse:
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.info(request, "Choose a file to import first.")
        return redirect("pupils:import")
    data = stored["text"].encode("utf-8")
    kind, filename = stored["kind"], stored["filename"]
    school = school_for(request.user)
    if request.method == "POST":
        if request.POST.get("token") != stored["token"]:
            messages.error(request, "That preview is out of date. Upload the file again.")
            return redirect("pupils:import")
        try:
            result = mis_import_apply(
                school=school, kind=kind, data=data, filename=filename, actor=request.user
            )
        except ImportFileError as error:  # pragma: no cover - the preview already read it
            messages.error(request, str(error))
            return redirect("pupils:import")
        if result.applied:
            del request.session[SESSION_KEY]
            counts = result.counts
            messages.success(
                request,
                f"Imported {filename}: {counts['create']} created, {counts['update']} updated, "
                f"{counts['remove']} removed, {counts['unchanged']} unchanged.",
            )
            return redirect("pupils:import")
    else:
        result = mis_import_preview(
            school=school, kind=kind, data=data, filename=filename, actor=request.user
        )
    return render(
        request,
        "pupils/import_preview.html",
        {
            "result": result,
            "filename": filename,
            "kind_label": ImportKind(kind).label,
            "token": stored["token"],
        },
    )
