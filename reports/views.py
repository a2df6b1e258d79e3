from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pupils.models import NEED_AREA, BroadArea, Pupil, SenStatus
from reports.anonymise import small_count, suppressed_counts
from schools.access import school_for
from schools.models import Role
from sendit.lib.access import in_school, roles_required


@roles_required(Role.SLT, Role.SENDCO)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/home.html", {"school": school_for(request.user)})


@roles_required(Role.GOVERNOR, Role.SLT, Role.SENDCO)
def summaries(request: HttpRequest) -> HttpResponse:
    """The register in numbers, anonymised: no names, small counts suppressed.

    Governors may not read pupil records, so this counts over the school's
    whole table rather than through pupils_for; only aggregates leave here.
    """
    pupils = in_school(Pupil.objects.all(), request.user)
    by_status = dict(pupils.values_list("sen_status").annotate(n=Count("pk")).order_by())
    by_need = dict(
        pupils.exclude(sen_status=SenStatus.NONE)
        .values_list("primary_need")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_area: dict[str, int] = {}
    for need, n in by_need.items():
        area = NEED_AREA.get(need, BroadArea.OTHER)
        by_area[area] = by_area.get(area, 0) + n
    return render(
        request,
        "reports/summaries.html",
        {
            "school": school_for(request.user),
            "total": small_count(sum(by_status.values())),
            "status_rows": [
                (status.label, small_count(by_status.get(status.value, 0)))
                for status in (SenStatus.SUPPORT, SenStatus.EHC_PLAN)
            ],
            # The areas add up to the register, so one hidden area must not
            # be recoverable by subtraction.
            "area_rows": list(
                zip(
                    [area.label for area in BroadArea],
                    suppressed_counts(
                        {area.value: by_area.get(area.value, 0) for area in BroadArea}
                    ).values(),
                    strict=True,
                )
            ),
        },
    )
