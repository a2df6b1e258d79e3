"""The school's retention schedule and the runs that applied it: the school
admin sets the periods, the SENDCo reads them; both see what each run removed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from schools.access import retention_policy_editable_by, retention_runs_for, school_for
from schools.forms import RetentionPolicyForm
from schools.retention import policy_of, retention_kinds, retention_policy_save
from schools.roles import RECORD_KEEPERS
from sendit.lib.access import AuthedRequest, roles_required
from sendit.lib.params import page_of
from sendit.lib.versions import VersionConflict, conflict_rows, rebased

PER_PAGE = 20


@roles_required(*RECORD_KEEPERS)
def retention(request: AuthedRequest) -> HttpResponse:
    school = school_for(request.user)
    policy = policy_of(school)
    editable = retention_policy_editable_by(request.user)
    if request.method == "POST" and not editable:
        raise Http404("Only the school admin sets the retention schedule")
    form = RetentionPolicyForm(
        request.POST if request.method == "POST" else None,
        instance=policy,
        initial={"version": policy.version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            retention_policy_save(
                school=school,
                values={n: form.cleaned_data[n] for n in form.Meta.fields if n != "version"},
                base_version=form.cleaned_data["version"],
                by=request.user,
            )
        except VersionConflict as error:
            saved = error.current
            conflict = conflict_rows(
                (form.fields[name].label, form.cleaned_data[name], getattr(saved, name))
                for name in form.Meta.fields
                if name != "version"
            )
            form = RetentionPolicyForm(rebased(request.POST, error), instance=saved)
        else:
            messages.success(request, "Retention periods saved.")
            return redirect("schools:retention")
    runs = page_of(request, retention_runs_for(request.user), PER_PAGE)
    kinds = retention_kinds()
    return render(
        request,
        "schools/retention.html",
        {
            "school": school,
            "policy": policy,
            "form": form,
            "editable": editable,
            "conflict": conflict,
            "periods": [(kind.label, kind.period(policy)) for kind in kinds],
            "runs": runs,
        },
        status=400 if request.method == "POST" else 200,
    )
