"""This app's panels on the SENDCo dashboard (see schools/dashboard.py)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from pupils.access import pupils_for
from pupils.models import ProfileReview, Pupil, SenStatus
from schools.dashboard import Panel
from schools.models import Role, User

DUE_SOON = timedelta(weeks=2)
LISTED = 10


def reviews_due(pupils: QuerySet[Pupil], *, today: date) -> QuerySet[Pupil]:
    """Pupils on the register whose latest review set a next review on or before two weeks away."""
    latest = ProfileReview.objects.filter(pupil=OuterRef("pk")).order_by("-held_on", "-pk")
    return (
        pupils.exclude(sen_status=SenStatus.NONE)
        .annotate(next_review=Subquery(latest.values("next_review_on")[:1]))
        .filter(next_review__lte=today + DUE_SOON)
        .order_by("next_review", "legal_last_name", "pk")
    )


def without_profile(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    return (
        pupils.exclude(sen_status=SenStatus.NONE)
        .filter(profile__isnull=True)
        .order_by("legal_last_name", "legal_first_name", "pk")
    )


def panels(user: User, *, today: date | None = None) -> list[Panel]:
    if not user.has_role(Role.SENDCO):
        return []
    today = today or timezone.localdate()
    pupils = pupils_for(user)
    due = reviews_due(pupils, today=today)
    missing = without_profile(pupils)
    return [
        Panel(
            title="Profile reviews due",
            template="pupils/dashboard_reviews.html",
            context={
                "pupils": list(due[:LISTED]),
                "overdue": due.filter(next_review__lt=today).count(),
                "total": due.count(),
                "today": today,
            },
            order=20,
        ),
        Panel(
            title="On the register without a profile",
            template="pupils/dashboard_profiles.html",
            context={"pupils": list(missing[:LISTED]), "total": missing.count()},
            order=21,
        ),
    ] + provision_panels(user, today=today)


# Provision panels (concerns, access arrangements, EHC reviews, exit measures).


def provision_panels(user: User, *, today: date) -> list[Panel]:
    # Imported here so that this appended block leaves the imports above alone.
    from pupils.access import arrangements_for, concerns_for, ehc_plans_for, interventions_for
    from pupils.models import AccessArrangement

    open_concerns = concerns_for(user).filter(outcome="").select_related("pupil", "raised_by")
    arrangements = arrangements_for(user).filter(AccessArrangement.needs_attention_q(today))
    plans = [
        plan
        for plan in ehc_plans_for(user).select_related("pupil")
        if plan.review_overdue(today) or plan.review_due_soon(today)
    ]
    plans.sort(key=lambda plan: (plan.next_review_due, plan.pk))
    missing_exit = (
        interventions_for(user)
        .filter(ends_on__lt=today, places__exit_measure__isnull=True)
        .distinct()
    )
    return [
        Panel(
            title="Concerns waiting for a decision",
            template="pupils/concern_dashboard.html",
            context={
                "concerns": list(open_concerns.order_by("created_at", "pk")[:LISTED]),
                "total": open_concerns.count(),
            },
            order=30,
        ),
        Panel(
            title="EHC annual reviews due within six weeks",
            template="pupils/ehc_dashboard.html",
            context={"plans": plans[:LISTED], "total": len(plans), "today": today},
            order=31,
        ),
        Panel(
            title="Provision to follow up",
            template="pupils/intervention_dashboard.html",
            context={
                "arrangements": arrangements.count(),
                "missing_exit": missing_exit.count(),
            },
            order=32,
        ),
    ]
