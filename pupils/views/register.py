"""The SEND register (with its CSV export) and the teacher's "My classes"."""

from __future__ import annotations

import csv
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pupils.access import own_groups_for, pupils_for
from pupils.filters import RegisterFilter
from pupils.models import NeedType, Pupil, PupilNeed, SenStatus, Strategy
from pupils.queries import MOVEMENT_KINDS, Movement, register_counts, register_movement
from schools.roles import CLASSROOM_STAFF, SEND_LEADERS
from sendit.lib.access import AuthedRequest, roles_required, school_id_of
from sendit.lib.dates import school_year_start
from sendit.lib.params import page_of
from sendit.lib.spreadsheets import csv_safe

REGISTER_PAGE_SIZE = 50


def _register_filter(request: AuthedRequest) -> RegisterFilter:
    pupils = pupils_for(request.user)
    return RegisterFilter(
        request.GET,
        queryset=pupils.order_by("legal_last_name", "legal_first_name", "pk"),
        school_pupils=pupils,
    )


def _with_needs(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    return pupils.prefetch_related(
        Prefetch("needs", queryset=PupilNeed.objects.order_by("rank"), to_attr="ranked_needs")
    )


@roles_required(*SEND_LEADERS)
def register(request: AuthedRequest) -> HttpResponse:
    filterset = _register_filter(request)
    pupils = filterset.qs
    page = page_of(request, _with_needs(pupils), REGISTER_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pupils/register.html",
        {
            "filterset": filterset,
            "page": page,
            "counts": register_counts(pupils).labelled(),
            "querystring": query.urlencode(),
        },
    )


CSV_HEADER = [
    "UPN",
    "MIS id",
    "Legal first name",
    "Legal last name",
    "Preferred name",
    "Date of birth",
    "Year group",
    "Form",
    "SEN status",
    "Primary need",
    "Primary need (plain name)",
    "Broad area of need",
    "Other needs",
    "Pupil premium",
    "EAL",
    "Looked after",
]


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


@roles_required(*SEND_LEADERS)
def register_csv(request: AuthedRequest) -> HttpResponse:
    """The filtered register as a spreadsheet; every pupil in it counts as a record read."""
    pupils = list(_with_needs(_register_filter(request).qs))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"send-register-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for pupil in pupils:
        needs = pupil.ranked_needs  # type: ignore[attr-defined]  # Prefetch(to_attr=...) in _with_needs
        others = [NeedType(n.need).value for n in needs[1:]]
        row = [
            pupil.upn,
            pupil.mis_id,
            pupil.legal_first_name,
            pupil.legal_last_name,
            pupil.preferred_name,
            pupil.date_of_birth.isoformat(),
            pupil.year_group,
            pupil.form,
            pupil.sen_status,
            pupil.primary_need,
            pupil.get_primary_need_display() if pupil.primary_need else "",
            pupil.primary_area_label,
            " ".join(others),
            _yes_no(pupil.pupil_premium),
            _yes_no(pupil.eal),
            _yes_no(pupil.looked_after),
        ]
        writer.writerow([csv_safe(cell) for cell in row])
    return response


@roles_required(*CLASSROOM_STAFF)
def my_classes(request: AuthedRequest) -> HttpResponse:
    # Only what helps in the lesson: status, area and the active strategies.
    # Needs history, reviews and provision stay on the SENDCo's side.
    groups = own_groups_for(request.user).prefetch_related(
        Prefetch(
            "pupils",
            queryset=Pupil.objects.exclude(sen_status=SenStatus.NONE)
            .select_related("profile")
            .prefetch_related(
                Prefetch(
                    "profile__strategies",
                    queryset=Strategy.objects.filter(is_active=True).order_by("position", "pk"),
                    to_attr="active_strategies",
                )
            )
            .order_by("legal_last_name", "legal_first_name"),
            to_attr="send_pupils",
        )
    )
    return render(request, "pupils/my_classes.html", {"groups": groups})


@roles_required(*SEND_LEADERS)
def register_movement_page(request: AuthedRequest) -> HttpResponse:
    """Pupils added to and removed from the register, and moved between K and E, per
    term of this school year and the last, and by year group (SENDCo and SLT)."""
    today = timezone.localdate()
    year = school_year_start(today)
    movement = register_movement(
        school_id_of(request.user), first=date(year - 1, 8, 1), last=today, today=today
    )
    years = [
        {
            "label": f"{start} to {start + 1}",
            "terms": [t for t in movement.terms if t.term.school_year == start],
        }
        for start in (year, year - 1)
    ]
    this_year = [t for t in movement.terms if t.term.school_year == year]
    by_year: dict[int, Movement] = {}
    for t in this_year:
        for group, m in t.by_year.items():
            by_year[group] = by_year.get(group, Movement()) + m
    return render(
        request,
        "pupils/register_movement.html",
        {
            "kinds": MOVEMENT_KINDS,
            "years": years,
            "by_year": sorted(by_year.items()),
            "this_year": (total := sum((t.total for t in this_year), Movement())),
            "net": f"{total.net:+d}",
            "today": today,
        },
    )
