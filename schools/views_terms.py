"""Term dates in school settings: the years, one year's dates, and the
school admin's form for them (the SENDCo reads)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from schools.access import (
    TERM_DATES_MANAGE_ROLES,
    TERM_DATES_READ_ROLES,
    school_for,
    school_years_for,
    school_years_managed_by,
)
from schools.models import HalfTermName, SchoolYear
from schools.term_forms import NonTeachingDayFormSet, TermDatesForm, long_date
from schools.term_services import NOT_ENTERED, term_year_save
from schools.terms import SchoolTerms, TermYear, school_terms
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.dates import FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR, school_year_start
from sendit.lib.params import int_param, page_of
from sendit.lib.versions import ConflictRow, VersionConflict, conflict_rows, rebased

DAYS_PREFIX = "days"


def _terms(request: AuthedRequest) -> SchoolTerms:
    return school_terms(school_for(request.user))


@roles_required(*TERM_DATES_READ_ROLES)
def term_years(request: AuthedRequest) -> HttpResponse:
    """The school's years of term dates: those entered, and this year and next."""
    terms = _terms(request)
    entered = dict(school_years_for(request.user).values_list("start_year", "pk"))
    current = school_year_start(timezone.localdate())
    page = page_of(request, sorted(entered.keys() | {current, current + 1}, reverse=True), 10)
    terms.preload(page.object_list)
    years = [(terms.year(start), entered.get(start)) for start in page.object_list]
    return render(
        request,
        "schools/term_years.html",
        {
            "page": page,
            "years": years,
            "current": current,
            "current_year": terms.year(current),
            "can_edit": request.user.has_role(*TERM_DATES_MANAGE_ROLES),
        },
    )


def _day_counts(year: TermYear) -> list[tuple[Any, int]]:
    return [(half, year.term_day_count(half)) for half in year.half_terms]


@roles_required(*TERM_DATES_READ_ROLES)
def term_year(request: AuthedRequest, pk: int) -> HttpResponse:
    """One entered year's half-terms and non-teaching days."""
    saved = get_object_or_404(school_years_for(request.user), pk=pk)
    year = _terms(request).year(saved.start_year)
    return render(
        request,
        "schools/term_year.html",
        {
            "year": year,
            "saved": saved,
            "half_terms": _day_counts(year),
            "terms": [(term, year.term_day_count(term)) for term in year.terms],
            "can_edit": request.user.has_role(*TERM_DATES_MANAGE_ROLES),
        },
    )


def _initial(year: TermYear) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for half in year.half_terms:
        initial[f"{half.value}_start"] = half.start
        initial[f"{half.value}_end"] = half.end
    return initial


def _days_text(days: list[tuple[Any, str, str]]) -> str:
    return "; ".join(f"{long_date(day)}, {name}" for day, _, name in days)


def _conflict_rows(form: TermDatesForm, formset: Any, saved: TermYear) -> list[ConflictRow]:
    halves = {half.value: half for half in saved.half_terms}
    fields: list[tuple[object, object, object]] = []
    for value in HalfTermName.values:
        half = halves.get(value)
        for part, attr in (("start", "start"), ("end", "end")):
            name = f"{value}_{part}"
            fields.append(
                (
                    form.fields[name].label,
                    form.cleaned_data.get(name),
                    getattr(half, attr) if half and saved.entered else None,
                )
            )
    saved_days = [(d.day, d.kind, d.name) for d in saved.non_teaching]
    fields.append(
        ("INSET days and closures", _days_text(formset.entries()), _days_text(saved_days))
    )
    return conflict_rows(fields)


@roles_required(*TERM_DATES_MANAGE_ROLES)
def term_year_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(school_years_managed_by(request.user), pk=pk)
    return _edit(request, saved.start_year, saved)


@roles_required(*TERM_DATES_MANAGE_ROLES)
def term_year_new(request: AuthedRequest) -> HttpResponse:
    """Enter a year's dates for the first time (``?year=2027``; this year by default)."""
    current = school_year_start(timezone.localdate())
    start_year = int_param(
        request,
        "year",
        default=current,
        low=max(FIRST_SCHOOL_YEAR, current - 10),
        high=min(LAST_SCHOOL_YEAR, current + 10),
        label="school year",
        shown="this school year",
    )
    saved = school_years_managed_by(request.user).filter(start_year=start_year).first()
    if saved is not None and request.method != "POST":
        return redirect("schools:term_year_edit", pk=saved.pk)
    return _edit(request, start_year, saved)


def _edit(request: AuthedRequest, start_year: int, saved: SchoolYear | None) -> HttpResponse:
    user = request.user
    school = school_for(user)
    year = _terms(request).year(start_year)
    rows: list[ConflictRow] | None = None
    if request.method == "POST":
        form = TermDatesForm(request.POST, start_year=start_year)
        formset = NonTeachingDayFormSet(request.POST, prefix=DAYS_PREFIX)
        if form.is_valid() and formset.is_valid():
            formset.check_against(form.half_terms(), start_year)
        if form.is_valid() and formset.is_valid():
            try:
                saved = term_year_save(
                    school=school,
                    start_year=start_year,
                    half_terms=form.half_terms(),
                    non_teaching=formset.entries(),
                    base_version=form.cleaned_data["version"],
                    actor=user,
                    request=request,
                )
            except VersionConflict as conflict:
                rows = _conflict_rows(form, formset, school_terms(school).year(start_year))
                form = TermDatesForm(rebased(request.POST, conflict), start_year=start_year)
                form.is_valid()
            else:
                messages.success(request, f"Term dates for {year.label} saved.")
                return redirect("schools:term_year", pk=saved.pk)
    else:
        version = saved.version if saved is not None and year.entered else NOT_ENTERED
        form = TermDatesForm(initial={**_initial(year), "version": version}, start_year=start_year)
        days = [{"day": d.day, "kind": d.kind, "name": d.name} for d in year.non_teaching]
        formset = NonTeachingDayFormSet(initial=days, prefix=DAYS_PREFIX)
        if not days:
            formset.extra = 5  # the usual five INSET days
    return render(
        request,
        "schools/term_year_edit.html",
        {
            "year": year,
            "saved": saved,
            "action": request.get_full_path(),
            "form": form,
            "formset": formset,
            "conflict_rows": rows,
        },
        status=409 if rows is not None else 200,
    )
