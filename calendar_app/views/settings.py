"""The school's calendar settings, and generating the dates again on demand."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from calendar_app.access import SEND_TEAM
from calendar_app.forms import CalendarSettingsForm
from calendar_app.generate import calendar_generate
from calendar_app.services import calendar_settings_of
from schools.access import school_for
from sendit.lib.access import AuthedRequest, roles_required


@roles_required(*SEND_TEAM)
def settings(request: AuthedRequest) -> HttpResponse:
    school = school_for(request.user)
    form = CalendarSettingsForm(request.POST or None, instance=calendar_settings_of(school))
    if request.method == "POST" and form.is_valid():
        form.save()
        result = calendar_generate(school=school, today=timezone.localdate())
        messages.success(request, f"Saved. {result.summary()}")
        return redirect("calendar:settings")
    return render(request, "calendar_app/settings.html", {"form": form, "view": "settings"})


@require_POST
@roles_required(*SEND_TEAM)
def generate(request: AuthedRequest) -> HttpResponse:
    result = calendar_generate(school=school_for(request.user), today=timezone.localdate())
    messages.success(request, result.summary())
    return redirect("calendar:settings")
