from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pupils.models import NEED_AREA, BroadArea, Pupil, SenStatus
from schools.access import school_for
from schools.models import Role
from sendit.lib.access import in_school, roles_required
from sendit.lib.privacy import Figures, Suppressed


@roles_required(Role.SLT, Role.SENDCO)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/home.html", {"school": school_for(request.user)})


def register_figures(pupils: QuerySet[Pupil]) -> Figures:
    """Every figure of the summaries page and how they add up.

    All pupils = no SEN + SEN support + EHC plan; the register = SEN support +
    EHC plan = the sum of the broad areas. The register total appears in
    both tables under one key, so it reads the same in each.
    """
    by_status = dict(pupils.values_list("sen_status").annotate(n=Count("pk")).order_by())
    by_area: dict[str, int] = dict.fromkeys(BroadArea.values, 0)
    for need, n in (
        pupils.exclude(sen_status=SenStatus.NONE)
        .values_list("primary_need")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        area = NEED_AREA.get(need, BroadArea.OTHER)
        by_area[area] = by_area.get(area, 0) + n
    figures = Figures()
    figures.count("all", sum(by_status.values()))
    figures.count("none", by_status.get(SenStatus.NONE, 0), shown=False)
    for status in (SenStatus.SUPPORT, SenStatus.EHC_PLAN):
        figures.count(status.value, by_status.get(status.value, 0))
    figures.count("register", sum(by_area.values()))
    for area, n in by_area.items():
        figures.count(f"area:{area}", n)
    figures.total("all", ["none", SenStatus.SUPPORT.value, SenStatus.EHC_PLAN.value])
    figures.total("register", [SenStatus.SUPPORT.value, SenStatus.EHC_PLAN.value])
    figures.total("register", [f"area:{area}" for area in by_area])
    return figures


@roles_required(Role.GOVERNOR, Role.SLT, Role.SENDCO)
def summaries(request: HttpRequest) -> HttpResponse:
    """The register in numbers, anonymised: no names, small counts suppressed.

    Governors may not read pupil records, so this counts over the school's
    whole table rather than through pupils_for; only aggregates leave here,
    and every figure of the page goes through the privacy rule together.
    """
    shown: Suppressed = register_figures(in_school(Pupil.objects.all(), request.user)).suppress()
    return render(
        request,
        "reports/summaries.html",
        {
            "school": school_for(request.user),
            "total": shown["all"],
            "register": shown["register"],
            "status_rows": [
                (status.label, shown[status.value])
                for status in (SenStatus.SUPPORT, SenStatus.EHC_PLAN)
            ],
            "area_rows": [(area.label, shown[f"area:{area.value}"]) for area in BroadArea],
        },
    )
