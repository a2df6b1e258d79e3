"""Attendance and suspensions: the comparison page (SENDCo and SLT) and the
attendance file's upload, preview and confirm (SENDCo and school admin)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from outcomes.access import IMPORTERS, READERS
from outcomes.forms import AttendanceImportForm
from outcomes.imports import attendance_import_apply, attendance_import_preview
from outcomes.models import PERSISTENT_ABSENCE_BELOW
from outcomes.queries import attendance_comparison, attendance_periods
from pupils.mis_import import MAX_BYTES, ImportFileError
from pupils.views.imports import UPLOAD_BODY_LIMIT, file_token, too_large
from schools.access import school_for
from schools.terms import latest_term, school_terms, term_from_key, terms_of_year
from sendit.lib.access import AuthedRequest, roles_required, school_id_of
from sendit.lib.dates import (
    FIRST_SCHOOL_YEAR,
    LAST_SCHOOL_YEAR,
    school_year_label,
    school_year_start,
)
from sendit.lib.params import keyed_param
from sendit.lib.uploads import body_limit

SESSION_KEY = "outcomes_attendance_import"
TERM_ORDER = {"": 0, "autumn": 1, "spring": 2, "summer": 3}


@dataclass(frozen=True)
class Period:
    """What attendance figures are for: a term, or (term "") the school year to date."""

    school_year: int
    term: str = ""

    @property
    def key(self) -> str:
        return f"{self.school_year}-{self.term}" if self.term else str(self.school_year)

    @property
    def label(self) -> str:
        year = school_year_label(self.school_year)
        return (
            f"{self.term.capitalize()} term {year}" if self.term else f"School year {year} so far"
        )


def _period_from_key(school_id: int, key: str) -> Period | None:
    if key.isascii() and key.isdigit() and len(key) == 4:
        year = int(key)
        return Period(year) if FIRST_SCHOOL_YEAR <= year <= LAST_SCHOOL_YEAR else None
    term = term_from_key(school_id, key)
    return Period(term.school_year, term.name.lower()) if term else None


def _choices(school_id: int, *, extra: list[Period]) -> list[Period]:
    """Terms of last year and this year, each year to date, and any period with figures."""
    today = timezone.localdate()
    year = school_year_start(today)
    terms = school_terms(school_id)
    found = {Period(y, t) for y, t in attendance_periods(school_id)} | set(extra)
    for start in (year - 1, year):
        found.add(Period(start))
        for term in terms_of_year(terms, start):
            if term.start <= today:
                found.add(Period(start, term.name.lower()))
    return sorted(found, key=lambda p: (p.school_year, TERM_ORDER[p.term]), reverse=True)


@roles_required(*READERS)
def comparison(request: AuthedRequest) -> HttpResponse:
    school_id = school_id_of(request.user)
    today = timezone.localdate()
    latest = latest_term(school_id, today)
    periods = attendance_periods(school_id)
    default = Period(*periods[0]) if periods else Period(latest.school_year, latest.name.lower())
    period = keyed_param(
        request,
        "period",
        default=default,
        lookup=lambda key: _period_from_key(school_id, key),
        label="period",
    )
    term = term_from_key(school_id, period.key) if period.term else None
    found = attendance_comparison(school_id, term=term, school_year=period.school_year)
    return render(
        request,
        "outcomes/attendance.html",
        {
            "comparison": found,
            "period": period,
            "periods": _choices(school_id, extra=[period]),
            "threshold": PERSISTENT_ABSENCE_BELOW,
            "can_import": request.user.has_role(*IMPORTERS),
        },
    )


@body_limit(UPLOAD_BODY_LIMIT)
@roles_required(*IMPORTERS)
def import_upload(request: AuthedRequest) -> HttpResponse:
    school_id = school_id_of(request.user)
    periods = _choices(school_id, extra=[])
    choices = [(p.key, p.label) for p in periods]
    if getattr(request, "body_too_large", False):
        form = AttendanceImportForm({}, {}, periods=choices)
        form.full_clean()
        form.errors.clear()
        form.add_error("file", too_large(int(request.META.get("CONTENT_LENGTH") or 0)))
        return render(
            request, "outcomes/attendance_import.html", {"form": form, "result": None}, status=413
        )
    form = AttendanceImportForm(request.POST or None, request.FILES or None, periods=choices)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        period = _period_from_key(school_id, form.cleaned_data["period"])
        assert period is not None  # one of the choices
        if upload.size > MAX_BYTES:
            form.add_error("file", too_large(upload.size))
        else:
            data = upload.read()
            try:
                result = attendance_import_preview(
                    school=school_for(request.user),
                    data=data,
                    filename=upload.name,
                    school_year=period.school_year,
                    term=period.term,
                    actor=request.user,
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if result.ok:
                    request.session[SESSION_KEY] = {
                        "period": period.key,
                        "filename": upload.name,
                        "text": data.decode("utf-8-sig"),
                        "token": file_token(data, period.key),
                    }
                    return redirect("outcomes:attendance_import_preview")
    return render(request, "outcomes/attendance_import.html", {"form": form, "result": result})


@roles_required(*IMPORTERS)
def import_preview(request: AuthedRequest) -> HttpResponse:
    stored = request.session.get(SESSION_KEY)
    school_id = school_id_of(request.user)
    period = _period_from_key(school_id, stored["period"]) if stored else None
    if not stored or period is None:
        messages.info(request, "Choose an attendance file to import first.")
        return redirect("outcomes:attendance_import")
    data = stored["text"].encode("utf-8")
    filename = stored["filename"]
    school = school_for(request.user)
    kwargs = {
        "school": school,
        "data": data,
        "filename": filename,
        "school_year": period.school_year,
        "term": period.term,
        "actor": request.user,
    }
    if request.method == "POST":
        if request.POST.get("token") != stored["token"]:
            messages.error(request, "That preview is out of date. Upload the file again.")
            return redirect("outcomes:attendance_import")
        try:
            result = attendance_import_apply(**kwargs)
        except ImportFileError as error:  # pragma: no cover - the preview already read it
            messages.error(request, str(error))
            return redirect("outcomes:attendance_import")
        if result.applied:
            del request.session[SESSION_KEY]
            counts = result.counts
            messages.success(
                request,
                f"Imported {filename} ({period.label}): {counts['create']} created, "
                f"{counts['update']} updated, {counts['unchanged']} unchanged.",
            )
            if request.user.has_role(*READERS):
                return redirect(f"{_comparison_url()}?period={period.key}")
            return redirect("outcomes:attendance_import")
    else:
        result = attendance_import_preview(**kwargs)
    return render(
        request,
        "outcomes/attendance_import_preview.html",
        {"result": result, "filename": filename, "period": period, "token": stored["token"]},
    )


def _comparison_url() -> str:
    from django.urls import reverse

    return reverse("outcomes:attendance")
