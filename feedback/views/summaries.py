"""The whole-school picture and the walk reports: aggregates only, no teacher names."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from feedback.access import published_reports, walks_to_report
from feedback.forms import WalkReportForm
from feedback.models import Observation, WalkReport
from feedback.queries import picture_build
from feedback.services import (
    REPORT_FIELDS,
    shared_text_names,
    walk_report_draft,
    walk_report_save,
)
from schools.access import school_for
from schools.models import Role
from schools.roles import ALL_STAFF, LEADERS_AND_GOVERNORS, SEND_LEADERS
from schools.terms import Term, latest_term, school_terms, term_of, term_param
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required
from sendit.lib.dates import school_year_start
from sendit.lib.params import id_param, page_of
from sendit.lib.privacy import names_message
from sendit.lib.versions import ConflictRow, VersionConflict, conflict_rows, rebased
from walks.access import programme_walks_for


@roles_required(*LEADERS_AND_GOVERNORS)
def picture(request: AuthedRequest) -> HttpResponse:
    walks = programme_walks_for(request.user)
    observed = walks.filter(visits__observations__status=Observation.Status.COMPLETED).distinct()
    walk_choices = list(observed.order_by("-starts_on", "pk"))
    dates = school_terms(school_for(request.user))
    latest = walk_choices[0].starts_on if walk_choices else timezone.localdate()
    # Every year the page reads, in one query: the walks' years, and the one
    # before the latest (latest_term looks back into it).
    years = {school_year_start(walk.starts_on) for walk in walk_choices}
    dates.preload(years | {school_year_start(latest) - 1, school_year_start(latest)})
    terms: dict[str, Term] = {}
    for walk in walk_choices:
        term = term_of(dates, walk.starts_on)
        if term is not None:
            terms.setdefault(term.key, term)
    chosen_walk = None
    chosen_term = None
    anonymise = request.user.has_role(Role.GOVERNOR) and not request.user.has_role(*SEND_LEADERS)
    # Governors see whole terms only: a term's picture minus one walk's would
    # give back the small counts the rule hides, and terms do not overlap.
    walk_pk = None if anonymise else id_param(request, "walk", label="walk", shown="a whole term")
    if walk_pk is not None:
        chosen_walk = get_object_or_404(walks, pk=walk_pk)
        scope = walks.filter(pk=chosen_walk.pk)
    else:
        chosen_term = term_param(request, "term", default=latest_term(dates, latest), school=dates)
        scope = walks.filter(starts_on__gte=chosen_term.start, starts_on__lte=chosen_term.end)
    return render(
        request,
        "feedback/picture.html",
        {
            "picture": picture_build(walks=scope, anonymise=anonymise),
            "walk_choices": [] if anonymise else walk_choices,
            "terms": list(terms.values()),
            "chosen_walk": chosen_walk,
            "chosen_term": chosen_term,
            "anonymise": anonymise,
        },
    )


@roles_required(*ALL_STAFF)
def reports(request: AuthedRequest) -> HttpResponse:
    published = (
        published_reports(request.user).select_related("walk").order_by("-walk__starts_on", "pk")
    )
    page = page_of(request, published, 25)
    to_write = []
    if request.user.has_role(Role.SENDCO):
        to_write = list(
            walks_to_report(request.user)
            .exclude(report__status=WalkReport.Status.PUBLISHED)
            .select_related("report")
            .order_by("-starts_on")
        )
    return render(request, "feedback/reports.html", {"page": page, "to_write": to_write})


@roles_required(*ALL_STAFF)
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    walk_report = get_object_or_404(published_reports(request.user).select_related("walk"), pk=pk)
    return render(request, "feedback/report.html", {"report": walk_report})


@roles_required(Role.SENDCO)
def report_edit(request: AuthedRequest, walk_pk: int) -> HttpResponse:
    walk = get_object_or_404(walks_to_report(request.user), pk=walk_pk)
    walk_report = walk_report_draft(walk=walk)
    rows: list[ConflictRow] | None = None  # set when the version check refuses a save
    if request.method == "POST":
        form = WalkReportForm(
            request.POST, instance=WalkReport(walk=walk, status=walk_report.status)
        )
        if form.is_valid():
            # Staff read the published report: it must name no pupil or colleague.
            found = shared_text_names(
                school=walk.school,
                fields={name: form.cleaned_data.get(name, "") for name in REPORT_FIELDS},
            )
            for field, names in found.items():
                form.add_error(field, names_message(names))
        if form.is_valid():
            try:
                walk_report = walk_report_save(
                    report=walk_report,
                    data=form.cleaned_data,
                    base_version=form.cleaned_data["version"],
                )
            except VersionConflict as conflict:
                rows = conflict_rows(
                    (
                        form.fields[name].label,
                        form.cleaned_data.get(name),
                        getattr(conflict.current, name),
                    )
                    for name in REPORT_FIELDS
                )
                form = WalkReportForm(
                    rebased(request.POST, conflict),
                    instance=WalkReport(walk=walk, status=walk_report.status),
                )
                form.is_valid()
            else:
                if request.POST.get("action") == "publish":
                    walk_report.publish()
                    messages.success(request, "Report published to staff.")
                    return redirect("feedback:report", pk=walk_report.pk)
                messages.success(request, "Report saved.")
                return redirect("feedback:report_edit", walk_pk=walk.pk)
    else:
        form = WalkReportForm(instance=walk_report, initial={"version": walk_report.version})
    return render(
        request,
        "feedback/report_edit.html",
        {"walk": walk, "report": walk_report, "form": form, "conflict_rows": rows},
        status=409 if rows is not None else 200,
    )
