"""The school's focus library: what observers look for on a walk."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from schools.access import school_for
from schools.roles import SEND_LEADERS
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from walks.access import focus_areas_for
from walks.forms import FocusAreaForm
from walks.services import focus_library_ensure_defaults


@roles_required(*SEND_LEADERS)
def focus_library(request: AuthedRequest) -> HttpResponse:
    school = school_for(request.user)
    focus_library_ensure_defaults(school=school)
    areas = list(focus_areas_for(request.user))
    return render(
        request,
        "walks/focus_library.html",
        {
            "active": [a for a in areas if not a.is_retired],
            "retired": [a for a in areas if a.is_retired],
        },
    )


@roles_required(*SEND_LEADERS)
def focus_add(request: AuthedRequest) -> HttpResponse:
    form = FocusAreaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        area = form.save(commit=False)
        last = focus_areas_for(request.user).order_by("-position").first()
        area.position = (last.position + 1) if last else 1
        area.save()
        messages.success(request, f"“{area.title}” was added to the focus library.")
        return redirect("walks:focus_library")
    return render(request, "walks/focus_form.html", {"form": form, "area": None})


@roles_required(*SEND_LEADERS)
def focus_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(focus_areas_for(request.user), pk=pk)
    form = FocusAreaForm(request.POST or None, instance=area, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{area.title}” was saved.")
        return redirect("walks:focus_library")
    return render(request, "walks/focus_form.html", {"form": form, "area": area})


@require_POST
@roles_required(*SEND_LEADERS)
def focus_retire(request: AuthedRequest, pk: int) -> HttpResponse:
    """Retire a focus area (or bring it back). Retired areas stay on the walks that used them."""
    area = get_object_or_404(focus_areas_for(request.user), pk=pk)
    area.is_retired = not area.is_retired
    area.save(update_fields=["is_retired"])
    if area.is_retired:
        messages.success(
            request, f"“{area.title}” was retired: past walks keep it, new walks cannot choose it."
        )
    else:
        messages.success(request, f"“{area.title}” is back in use.")
    return redirect("walks:focus_library")
