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
    ]
