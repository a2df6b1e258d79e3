from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from pupils.models import BroadArea, SenStatus
from pupils.queries import NO_NEED, RegisterCounts, school_register_counts
from schools.access import school_for
from schools.roles import LEADERS_AND_GOVERNORS, SEND_LEADERS
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.privacy import Figures, Suppressed


@roles_required(*SEND_LEADERS)
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "reports/home.html", {"school": school_for(request.user)})


def register_figures(counts: RegisterCounts) -> Figures:
    """Every figure of the summaries page and how they add up.

    All pupils = no SEN + SEN support + EHC plan; the register = SEN support +
    EHC plan = the sum of the broad areas (a pupil on the register with no
    need recorded counts under "Other"). The register total appears in both
    tables under one key, so it reads the same in each.
    """
    by_area: dict[str, int] = dict.fromkeys(BroadArea.values, 0)
    for area, n in counts.register_by_area.items():
        key = BroadArea.OTHER.value if area == NO_NEED else area
        by_area[key] += n
    figures = Figures()
    figures.count("all", counts.total)
    figures.count("none", counts.by_status[SenStatus.NONE.value], shown=False)
    for status in (SenStatus.SUPPORT, SenStatus.EHC_PLAN):
        figures.count(status.value, counts.by_status[status.value])
    figures.count("register", sum(by_area.values()))
    for area, n in by_area.items():
        figures.count(f"area:{area}", n)
    figures.total("all", ["none", SenStatus.SUPPORT.value, SenStatus.EHC_PLAN.value])
    figures.total("register", [SenStatus.SUPPORT.value, SenStatus.EHC_PLAN.value])
    figures.total("register", [f"area:{area}" for area in by_area])
    return figures


@roles_required(*LEADERS_AND_GOVERNORS)
def summaries(request: AuthedRequest) -> HttpResponse:
    """The register in numbers, anonymised: no names, small counts suppressed.

    Governors may not read pupil records, so the counts are over the school's
    whole table (pupils.queries) rather than through pupils_for; only
    aggregates leave here, and every figure of the page goes through the
    privacy rule together.
    """
    school = school_for(request.user)
    shown: Suppressed = register_figures(school_register_counts(school)).suppress()
    return render(
        request,
        "reports/summaries.html",
        {
            "school": school,
            # SLT and the SENDCo read the governors' view; governors read their own.
            "for_leader": request.user.has_role(*SEND_LEADERS),
            "total": shown["all"],
            "register": shown["register"],
            "status_rows": [
                (status.label, shown[status.value])
                for status in (SenStatus.SUPPORT, SenStatus.EHC_PLAN)
            ],
            "area_rows": [(area.label, shown[f"area:{area.value}"]) for area in BroadArea],
        },
    )
