"""Teaching groups: the list for the SENDCo and SLT, and one group's pupils."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import render

from pupils.access import groups_for
from pupils.models import SenStatus
from schools.models import User
from schools.roles import CLASSROOM_STAFF, SEND_LEADERS
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.params import choice_param, page_of, text_param

GROUPS_PAGE_SIZE = 40


def _staff() -> Prefetch:
    return Prefetch("teachers", queryset=User.objects.order_by("last_name", "first_name"))


def _assistants() -> Prefetch:
    return Prefetch(
        "teaching_assistants", queryset=User.objects.order_by("last_name", "first_name")
    )


@roles_required(*SEND_LEADERS)
def group_list(request: AuthedRequest) -> HttpResponse:
    groups = groups_for(request.user)
    years = list(dict.fromkeys(groups.order_by("year_group").values_list("year_group", flat=True)))
    year = choice_param(
        request, "year", map(str, years), default="", label="year group", shown="every year"
    )
    if year:
        groups = groups.filter(year_group=int(year))
    q = text_param(request, "q")
    if q:
        groups = groups.filter(
            Q(code__icontains=q)
            | Q(subject__icontains=q)
            | Q(teachers__last_name__icontains=q)
            | Q(teaching_assistants__last_name__icontains=q)
        ).distinct()
    groups = groups.annotate(
        pupil_count=Count("pupils", distinct=True),
        send_count=Count("pupils", filter=~Q(pupils__sen_status=SenStatus.NONE), distinct=True),
    ).prefetch_related(_staff(), _assistants())
    page = page_of(request, groups.order_by("year_group", "code"), GROUPS_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pupils/group_list.html",
        {"page": page, "years": years, "year": year, "q": q, "querystring": query.urlencode()},
    )


@roles_required(*SEND_LEADERS, *CLASSROOM_STAFF)
def group_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(
        groups_for(request.user).prefetch_related(_staff(), _assistants()), pk=pk
    )
    pupils = group.pupils.order_by("legal_last_name", "legal_first_name")
    return render(
        request,
        "pupils/group_detail.html",
        {
            "group": group,
            "send_pupils": [p for p in pupils if p.sen_status != SenStatus.NONE],
            "pupil_count": len(pupils),
            "other_pupils": [p for p in pupils if p.sen_status == SenStatus.NONE],
        },
    )
