from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timezone import localdate as today
from django.views.decorators.http import require_POST

from pupils.access import pupils_for
from reports.access import documents_for
from reports.forms import DocumentRequestForm
from reports.models import ReportDocument
from reports.registry import kind_for, kinds_requestable_by, pupil_kinds
from reports.sections.governor import governor_page
from reports.services import (
    document_request,
    document_retry,
    pupil_period,
    subject_access_downloaded,
)
from schools.access import school_for
from schools.models import Role
from schools.roles import LEADERS_AND_GOVERNORS, SEND_LEADERS
from sendit.lib.access import AuthedRequest, ensure_role, get_object_or_404, roles_required
from sendit.lib.params import page_of

# htmx stops polling when a response has this status (and still swaps it in).
STOP_POLLING = 286


def _request_form(request: AuthedRequest, data: object = None) -> DocumentRequestForm:
    return DocumentRequestForm(
        data,
        school=school_for(request.user),
        kinds=kinds_requestable_by(request.user),
        today=timezone.localdate(),
    )


def _home(request: AuthedRequest, form: DocumentRequestForm, status: int = 200) -> HttpResponse:
    # Documents about one pupil are listed on that pupil's export page only.
    documents = (
        documents_for(request.user).exclude(kind__in=pupil_kinds()).select_related("requested_by")
    )
    return render(
        request,
        "reports/home.html",
        {
            "school": school_for(request.user),
            "form": form,
            "kinds": kinds_requestable_by(request.user),
            "page": page_of(request, documents, 20),
        },
        status=status,
    )


@roles_required(*SEND_LEADERS)
def home(request: AuthedRequest) -> HttpResponse:
    return _home(request, _request_form(request))


@require_POST
@roles_required(*SEND_LEADERS)
def request_document(request: AuthedRequest) -> HttpResponse:
    form = _request_form(request, request.POST)
    if not form.is_valid():
        return _home(request, form, status=400)
    kind, period = form.chosen
    document = document_request(
        school=school_for(request.user), kind=kind, period=period, requested_by=request.user
    )
    return redirect("reports:document", pk=document.pk)


def _document(request: AuthedRequest, pk: int) -> ReportDocument:
    return get_object_or_404(documents_for(request.user).select_related("requested_by"), pk=pk)


def _context(request: AuthedRequest, document: ReportDocument) -> dict[str, object]:
    kind = kind_for(document.kind)
    return {
        "document": document,
        "kind": kind,
        "may_retry": kind is not None and kind.may_request(request.user),
        "older": documents_for(request.user)
        .filter(kind=document.kind, period_key=document.period_key)
        .exclude(pk=document.pk)
        .select_related("requested_by")[:20],
    }


@roles_required(*LEADERS_AND_GOVERNORS)
def document(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _document(request, pk)
    return render(request, "reports/document.html", _context(request, found))


@roles_required(*LEADERS_AND_GOVERNORS)
def status(request: AuthedRequest, pk: int) -> HttpResponse:
    """The progress region alone, for htmx to poll until the document is finished."""
    found = _document(request, pk)
    return render(
        request,
        "reports/_status.html",
        _context(request, found),
        status=STOP_POLLING if found.is_finished else 200,
    )


def download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    ensure_role(request.user, *LEADERS_AND_GOVERNORS)  # a file response: not a roles_required view
    found = _document(request, pk)
    if not found.is_done or not found.file_name:
        raise Http404("Not ready")
    root = Path(settings.REPORTS_ROOT).resolve()
    path = (root / found.file_name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404("No file")
    kind = kind_for(found.kind)
    if kind is not None and kind.about_pupil:
        subject_access_downloaded(document=found, request=request)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=found.download_name,
        content_type=kind.content_type if kind else "application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@roles_required(*SEND_LEADERS)
def retry(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _document(request, pk)
    kind = kind_for(found.kind)
    if kind is None or not kind.may_request(request.user):
        raise Http404("Not yours to retry")
    if document_retry(document=found):
        messages.info(request, "The document is queued again.")
    return redirect("reports:document", pk=found.pk)


@roles_required(*LEADERS_AND_GOVERNORS)
def summaries(request: AuthedRequest) -> HttpResponse:
    """The governor summary as a page: the same content as its PDF (reports.sections.governor)."""
    school = school_for(request.user)
    context = governor_page(school=school, today=timezone.localdate())
    context |= {
        "school": school,
        "for_leader": request.user.has_role(*SEND_LEADERS),
        "pdfs": documents_for(request.user)
        .filter(kind="governor", status=ReportDocument.Status.DONE)
        .order_by("-finished_at", "-pk")[:10],
    }
    return render(request, "reports/summaries.html", context)


# Subject access ---------------------------------------------------------------------


@roles_required(Role.SENDCO)
def subject_access(request: AuthedRequest, pk: int) -> HttpResponse:
    """The exports of everything held about one pupil, and asking for a new one
    (the SENDCo only; anyone else, and the SENDCo of another school, gets 404)."""
    pupil = get_object_or_404(pupils_for(request.user), pk=pk)
    kind = kind_for("subject_access")
    if kind is None:
        raise Http404("No subject access export here")
    if request.method == "POST":
        document = document_request(
            school=school_for(request.user),
            kind=kind,
            period=pupil_period(pupil.pk, f"Everything held about {pupil.full_name}", today()),
            requested_by=request.user,
            pupil_id=pupil.pk,
        )
        messages.info(request, "The export is being made.")
        return redirect("reports:document", pk=document.pk)
    exports = (
        documents_for(request.user)
        .filter(kind=kind.key, pupil_id=pupil.pk)
        .select_related("requested_by")
    )
    return render(
        request,
        "reports/subject_access.html",
        {"pupil": pupil, "kind": kind, "page": page_of(request, exports, 20)},
    )
