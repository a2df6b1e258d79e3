"""The provision map, assessments, access arrangements and EHC plan details.

SENDCo reads and writes; SLT reads. Every page that shows one pupil's record
is written to the audit of reading.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pupils.access import (
    arrangements_for,
    assessments_for,
    ehc_plans_for,
    interventions_for,
    pupils_for,
)
from pupils.models import (
    Assessment,
    BroadArea,
    Intervention,
    InterventionPlace,
    Pupil,
    SenStatus,
)
from pupils.provision_forms import (
    AddPupilsForm,
    ArrangementForm,
    AssessmentForm,
    EhcPlanForm,
    InterventionForm,
    PlaceMeasureFormSet,
)
from pupils.queries import (
    arrangements_to_chase,
    intervention_cost,
    intervention_impact,
    interventions_without_exit,
    latest_reading_assessments,
)
from pupils.services import intervention_pupils_add, intervention_update
from schools.access import staff_for
from schools.models import Role, User, UserQuerySet
from schools.roles import SEND_LEADERS
from sendit.lib.access import AuthedRequest, get_object_or_404, roles_required, school_id_of
from sendit.lib.params import choice_param, page_of
from sendit.lib.versions import ConflictRow, VersionConflict, rebased

PER_PAGE = 25
INTERVENTION_STATUSES = [
    ("current", "Running now"),
    ("ended", "Ended"),
    ("planned", "Not started yet"),
    ("all", "All"),
]


def _querystring_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _lead_choices(user: User) -> QuerySet[User]:
    # staff_for is typed as a plain QuerySet; it is the User manager's UserQuerySet.
    staff = cast(UserQuerySet, staff_for(user))
    return staff.in_school(
        school_id_of(user), Role.SENDCO, Role.TEACHER, Role.TA, Role.SLT
    ).order_by("last_name", "first_name")


def _pupil_url(pupil: Pupil) -> str:
    return reverse("pupils:pupil", kwargs={"pk": pupil.pk})


# Provision map ------------------------------------------------------------------------


def filter_interventions(
    interventions: QuerySet[Intervention], *, status: str, area: str, today: date
) -> QuerySet[Intervention]:
    if status == "current":
        interventions = interventions.filter(starts_on__lte=today, ends_on__gte=today)
    elif status == "ended":
        interventions = interventions.filter(ends_on__lt=today)
    elif status == "planned":
        interventions = interventions.filter(starts_on__gt=today)
    if area in BroadArea.values:
        interventions = interventions.filter(area=area)
    return interventions


@roles_required(*SEND_LEADERS)
def interventions(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    status = choice_param(
        request,
        "status",
        dict(INTERVENTION_STATUSES),
        default="current",
        label="status",
        shown="the interventions running now",
    )
    area = choice_param(
        request, "area", BroadArea.values, default="", label="area of need", shown="every area"
    )
    found = filter_interventions(
        interventions_for(request.user), status=status, area=area, today=today
    )
    found = (
        found.select_related("lead")
        .annotate(
            pupil_count=Count("places", distinct=True),
            missing_exit=Count(
                "places", filter=Q(places__exit_measure__isnull=True), distinct=True
            ),
        )
        .order_by("-starts_on", "name", "pk")
    )
    page = page_of(request, found, PER_PAGE)
    return render(
        request,
        "pupils/intervention_list.html",
        {
            "page": page,
            "today": today,
            "status": status,
            "area": area,
            "statuses": INTERVENTION_STATUSES,
            "areas": BroadArea.choices,
            "query": _querystring_without_page(request),
            "can_edit": request.user.has_role(Role.SENDCO),
        },
    )


@roles_required(*SEND_LEADERS)
def interventions_missing_exit(request: AuthedRequest) -> HttpResponse:
    found = (
        interventions_without_exit(request.user, today=timezone.localdate())
        .select_related("lead")
        .prefetch_related(
            Prefetch(
                "places",
                queryset=InterventionPlace.objects.filter(exit_measure__isnull=True)
                .select_related("pupil")
                .order_by("pupil__legal_last_name", "pupil__legal_first_name"),
                to_attr="missing_places",
            )
        )
        .order_by("ends_on", "name", "pk")
    )
    page = page_of(request, found, PER_PAGE)
    return render(
        request,
        "pupils/intervention_missing_exit.html",
        {"page": page, "can_edit": request.user.has_role(Role.SENDCO)},
    )


@roles_required(*SEND_LEADERS)
def intervention_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """An intervention: who delivers it, its cost, and each pupil's change against the rule."""
    intervention = get_object_or_404(
        interventions_for(request.user).select_related("lead").prefetch_related("needs"), pk=pk
    )
    today = timezone.localdate()
    return render(
        request,
        "pupils/intervention_detail.html",
        {
            "intervention": intervention,
            "impact": intervention_impact(request.user, intervention, today=today),
            "cost": intervention_cost(request.user, intervention, today=today),
            "today": today,
            "can_edit": request.user.has_role(Role.SENDCO),
        },
    )


@roles_required(Role.SENDCO)
def intervention_create(request: AuthedRequest) -> HttpResponse:
    form = InterventionForm(request.POST or None, staff=_lead_choices(request.user))
    if request.method == "POST" and form.is_valid():
        form.instance.school_id = request.user.school_id
        intervention = form.save()
        messages.success(request, f"{intervention.name} is on the provision map. Now add pupils.")
        return redirect("pupils:intervention_pupils", pk=intervention.pk)
    return render(request, "pupils/intervention_form.html", {"form": form, "intervention": None})


@roles_required(Role.SENDCO)
def intervention_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    intervention = get_object_or_404(interventions_for(request.user), pk=pk)
    staff = _lead_choices(request.user)
    form = InterventionForm(request.POST or None, instance=intervention, staff=staff)
    rows: list[ConflictRow] | None = None  # set when the version check refuses a save
    if request.method == "POST" and form.is_valid():
        base = form.cleaned_data["version"]
        try:
            intervention_update(
                interventions=interventions_for(request.user),
                intervention=intervention,
                values=form.saved_values(),
                needs=form.cleaned_data["needs"],
                version=intervention.version if base is None else base,
            )
        except VersionConflict as conflict:
            intervention = interventions_for(request.user).select_related("lead").get(pk=pk)
            rows = form.conflict_rows(intervention)
            # The typed details stay in the form, now based on the saved version (the
            # form gets its own copy of the record: it fills it with what was typed).
            form = InterventionForm(
                rebased(request.POST, conflict), instance=conflict.current, staff=staff
            )
        else:
            messages.success(request, "Intervention saved.")
            return redirect("pupils:intervention_detail", pk=intervention.pk)
    return render(
        request,
        "pupils/intervention_form.html",
        {"form": form, "intervention": intervention, "conflict_rows": rows},
    )


@roles_required(Role.SENDCO)
def intervention_pupils(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add pupils: pupils on the register, narrowed by year group, who are not in it yet."""
    intervention = get_object_or_404(interventions_for(request.user), pk=pk)
    candidates = (
        pupils_for(request.user)
        .exclude(sen_status=SenStatus.NONE)
        .exclude(intervention_places__intervention=intervention)
        .order_by("legal_last_name", "legal_first_name", "pk")
    )
    years = list(
        pupils_for(request.user)
        .exclude(sen_status=SenStatus.NONE)
        .order_by("year_group")
        .values_list("year_group", flat=True)
        .distinct()
    )
    year = choice_param(
        request, "year", map(str, years), default="", label="year group", shown="every year"
    )
    if year:
        candidates = candidates.filter(year_group=int(year))
    form = AddPupilsForm(request.POST or None, pupils=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["pupils"]
        intervention_pupils_add(intervention=intervention, pupils=chosen)
        messages.success(request, f"Added {len(chosen)} pupil{'s' if len(chosen) != 1 else ''}.")
        return redirect("pupils:intervention_detail", pk=intervention.pk)
    return render(
        request,
        "pupils/intervention_pupils.html",
        {"intervention": intervention, "form": form, "year": year, "years": list(years)},
    )


@require_POST
@roles_required(Role.SENDCO)
def intervention_remove_pupil(request: AuthedRequest, pk: int, place_pk: int) -> HttpResponse:
    intervention = get_object_or_404(interventions_for(request.user), pk=pk)
    place = get_object_or_404(intervention.places.select_related("pupil"), pk=place_pk)
    place.delete()
    messages.success(request, f"{place.pupil.full_name} was taken off {intervention.name}.")
    return redirect("pupils:intervention_detail", pk=intervention.pk)


@roles_required(Role.SENDCO)
def intervention_measures(request: AuthedRequest, pk: int) -> HttpResponse:
    """One form for every pupil's entry and exit measure and outcome."""
    intervention = get_object_or_404(interventions_for(request.user), pk=pk)
    places = intervention.places.select_related("pupil").order_by(
        "pupil__legal_last_name", "pupil__legal_first_name", "pk"
    )
    formset = PlaceMeasureFormSet(request.POST or None, queryset=places)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
        messages.success(request, "Measures and outcomes saved.")
        return redirect("pupils:intervention_detail", pk=intervention.pk)
    return render(
        request,
        "pupils/intervention_measures.html",
        {"intervention": intervention, "formset": formset},
    )


# Assessments ----------------------------------------------------------------------------


@roles_required(Role.SENDCO)
def assessment_create(request: AuthedRequest, pupil_pk: int) -> HttpResponse:
    pupil = get_object_or_404(pupils_for(request.user), pk=pupil_pk)
    form = AssessmentForm(request.POST or None, pupil=pupil)
    if request.method == "POST" and form.is_valid():
        form.instance.recorded_by = request.user
        assessment = form.save()
        _assessment_message(request, assessment)
        return redirect(_pupil_url(pupil))
    return render(
        request,
        "pupils/assessment_form.html",
        {"form": form, "pupil": pupil, "assessment": None, "pupil_url": _pupil_url(pupil)},
    )


@roles_required(Role.SENDCO)
def assessment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(assessments_for(request.user).select_related("pupil"), pk=pk)
    pupil = assessment.pupil
    form = AssessmentForm(request.POST or None, instance=assessment, pupil=pupil)
    if request.method == "POST" and form.is_valid():
        _assessment_message(request, form.save())
        return redirect(_pupil_url(pupil))
    return render(
        request,
        "pupils/assessment_form.html",
        {"form": form, "pupil": pupil, "assessment": assessment, "pupil_url": _pupil_url(pupil)},
    )


def _assessment_message(request: HttpRequest, assessment: Assessment) -> None:
    text = f"{assessment.name} saved for {assessment.pupil.full_name}."
    if assessment.reading_flag:
        text += (
            f" The reading age is {assessment.reading_gap_months} months below "
            "the pupil's age on the day."
        )
    messages.success(request, text)


@roles_required(*SEND_LEADERS)
def reading_flags(request: AuthedRequest) -> HttpResponse:
    """Pupils whose latest reading age is 18 months or more below their age."""
    assessments = latest_reading_assessments(request.user)
    flagged = sorted(
        (a for a in assessments if a.reading_flag),
        key=lambda a: (-(a.reading_gap_months or 0), a.pupil.legal_last_name, a.pupil.pk),
    )
    page = page_of(request, flagged, PER_PAGE)
    return render(
        request,
        "pupils/assessment_reading_flags.html",
        {"page": page, "flag_months": Assessment.READING_GAP_FLAG_MONTHS},
    )


# Access arrangements -----------------------------------------------------------------------


@roles_required(Role.SENDCO)
def arrangement_create(request: AuthedRequest, pupil_pk: int) -> HttpResponse:
    pupil = get_object_or_404(pupils_for(request.user), pk=pupil_pk)
    form = ArrangementForm(request.POST or None, pupil=pupil)
    if request.method == "POST" and form.is_valid():
        arrangement = form.save()
        messages.success(request, f"{arrangement} saved for {pupil.full_name}.")
        return redirect(_pupil_url(pupil))
    return render(
        request,
        "pupils/arrangement_form.html",
        {"form": form, "pupil": pupil, "arrangement": None, "pupil_url": _pupil_url(pupil)},
    )


@roles_required(Role.SENDCO)
def arrangement_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    arrangement = get_object_or_404(arrangements_for(request.user).select_related("pupil"), pk=pk)
    pupil = arrangement.pupil
    form = ArrangementForm(request.POST or None, instance=arrangement, pupil=pupil)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{arrangement} saved for {pupil.full_name}.")
        return redirect(_pupil_url(pupil))
    return render(
        request,
        "pupils/arrangement_form.html",
        {"form": form, "pupil": pupil, "arrangement": arrangement, "pupil_url": _pupil_url(pupil)},
    )


@require_POST
@roles_required(Role.SENDCO)
def arrangement_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    arrangement = get_object_or_404(arrangements_for(request.user).select_related("pupil"), pk=pk)
    pupil = arrangement.pupil
    arrangement.delete()
    messages.success(request, f"{arrangement} removed for {pupil.full_name}.")
    return redirect(_pupil_url(pupil))


@roles_required(*SEND_LEADERS)
def arrangements_attention(request: AuthedRequest) -> HttpResponse:
    """Candidates whose evidence is missing or expiring, soonest first."""
    today = timezone.localdate()
    found = (
        arrangements_to_chase(request.user, today=today)
        .select_related("pupil")
        .order_by("valid_until", "pupil__legal_last_name", "pupil__legal_first_name", "pk")
    )
    page = page_of(request, found, PER_PAGE)
    rows = [(arrangement, arrangement.evidence_problems(today)) for arrangement in page]
    return render(
        request,
        "pupils/arrangement_attention.html",
        {"page": page, "rows": rows, "can_edit": request.user.has_role(Role.SENDCO)},
    )


# EHC plans ---------------------------------------------------------------------------------


@roles_required(Role.SENDCO)
def ehc_edit(request: AuthedRequest, pupil_pk: int) -> HttpResponse:
    """Create or edit the EHC plan details of a pupil with an EHC plan (status E)."""
    pupil = get_object_or_404(
        pupils_for(request.user).filter(sen_status=SenStatus.EHC_PLAN), pk=pupil_pk
    )
    plan = ehc_plans_for(request.user).filter(pupil=pupil).first()
    form = EhcPlanForm(request.POST or None, instance=plan, pupil=pupil)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(
            request,
            f"EHC plan details saved. The next annual review is due by "
            f"{plan.next_review_due.day} {plan.next_review_due:%B %Y}.",
        )
        return redirect(_pupil_url(pupil))
    return render(
        request,
        "pupils/ehc_form.html",
        {"form": form, "pupil": pupil, "plan": plan, "pupil_url": _pupil_url(pupil)},
    )


@roles_required(*SEND_LEADERS)
def ehc_reviews(request: AuthedRequest) -> HttpResponse:
    """EHC annual reviews by date due, overdue first, and EHC pupils with no details yet."""
    today = timezone.localdate()
    plans = sorted(
        ehc_plans_for(request.user).select_related("pupil"),
        key=lambda plan: (plan.next_review_due, plan.pupil.legal_last_name, plan.pk),
    )
    without_details = (
        pupils_for(request.user)
        .filter(sen_status=SenStatus.EHC_PLAN, ehc_plan__isnull=True)
        .order_by("legal_last_name", "legal_first_name")
    )
    page = page_of(request, plans, PER_PAGE * 2)
    rows = [(plan, plan.review_overdue(today), plan.review_due_soon(today)) for plan in page]
    return render(
        request,
        "pupils/ehc_reviews.html",
        {
            "page": page,
            "rows": rows,
            "today": today,
            "without_details": without_details,
            "can_edit": request.user.has_role(Role.SENDCO),
        },
    )
