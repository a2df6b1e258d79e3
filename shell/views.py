from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from schools.access import school_for
from schools.models import Role
from schools.services import broker_status, database_status
from sendit.lib.access import AuthedRequest, roles_required
from shell.dashboard import dashboard_panels
from shell.navigation import home_url_name


def home(request: AuthedRequest) -> HttpResponse:
    url_name = home_url_name(request.user)
    if url_name is None:
        return render(request, "shell/no_role.html", status=403)
    return redirect(url_name)


@roles_required(Role.SENDCO)
def dashboard(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "shell/dashboard.html",
        {"school": school_for(request.user), "panels": dashboard_panels(request.user)},
    )


def account(request: AuthedRequest) -> HttpResponse:
    """The account menu as a page: what a person can do with their own account
    (the entries other apps declare, such as email preferences, come from the
    context processor's ``account_items``)."""
    return render(request, "shell/account.html")


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
