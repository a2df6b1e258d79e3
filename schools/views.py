from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pupils.access import pupils_for
from pupils.models import SenStatus
from schools.access import ADMIN_ROLES, jobs_for, school_for, staff_for
from schools.dashboard import dashboard_panels
from schools.forms import SchoolSettingsForm
from schools.homes import home_url_name
from schools.models import Role
from schools.services import broker_status, database_status, job_queue_worker_check
from sendit.lib.access import roles_required


def home(request: HttpRequest) -> HttpResponse:
    url_name = home_url_name(request.user)
    if url_name is None:
        return render(request, "schools/no_role.html", status=403)
    return redirect(url_name)


@roles_required(Role.SENDCO)
def dashboard(request: HttpRequest) -> HttpResponse:
    pupils = pupils_for(request.user)
    counts = pupils.aggregate(
        total=Count("pk"),
        support=Count("pk", filter=Q(sen_status=SenStatus.SUPPORT)),
        ehcp=Count("pk", filter=Q(sen_status=SenStatus.EHC_PLAN)),
    )
    counts["register"] = counts["support"] + counts["ehcp"]
    counts["share"] = round(100 * counts["register"] / counts["total"], 1) if counts["total"] else 0
    return render(
        request,
        "schools/dashboard.html",
        {
            "school": school_for(request.user),
            "counts": counts,
            "panels": dashboard_panels(request.user),
        },
    )


@roles_required(*ADMIN_ROLES)
def school_settings(request: HttpRequest) -> HttpResponse:
    school = school_for(request.user)
    form = SchoolSettingsForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "School settings saved.")
        return redirect("schools:settings")
    staff = Paginator(staff_for(request.user).order_by("last_name", "first_name"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "schools/settings.html",
        {
            "school": school,
            "form": form,
            "staff": staff,
            "jobs": jobs_for(request.user)[:5],
        },
    )


@require_POST
@roles_required(*ADMIN_ROLES)
def worker_check(request: HttpRequest) -> HttpResponse:
    job = job_queue_worker_check(requested_by=request.user)
    messages.info(request, "A check was sent to the background worker.")
    return redirect("schools:job", pk=job.pk)


@roles_required(*ADMIN_ROLES)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(jobs_for(request.user), pk=pk)
    return render(request, "schools/job.html", {"job": job})


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_status()
    broker = broker_status()
    healthy = database == "ok" and not broker.startswith("error")
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
