from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pupils.access import CLASSROOM_ROLES, WHOLE_SCHOOL_ROLES, own_groups_for, pupils_for
from pupils.models import Pupil, SenStatus
from sendit.lib.access import roles_required


@roles_required(*WHOLE_SCHOOL_ROLES)
def register(request: HttpRequest) -> HttpResponse:
    pupils = pupils_for(request.user).exclude(sen_status=SenStatus.NONE)
    page = Paginator(pupils.order_by("legal_last_name", "legal_first_name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "pupils/register.html", {"page": page})


@roles_required(*CLASSROOM_ROLES)
def my_classes(request: HttpRequest) -> HttpResponse:
    send_pupils = Pupil.objects.exclude(sen_status=SenStatus.NONE).order_by(
        "legal_last_name", "legal_first_name"
    )
    groups = own_groups_for(request.user).prefetch_related(
        Prefetch("pupils", queryset=send_pupils, to_attr="send_pupils")
    )
    return render(request, "pupils/my_classes.html", {"groups": groups})
