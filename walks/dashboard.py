"""This app's panels on the SENDCo dashboard (see schools/dashboard.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from schools.dashboard import Panel
from schools.models import User
from walks.access import PLANNER_ROLES, planned_walks_for
from walks.models import LearningWalk


def panels(user: User) -> list[Panel]:
    if not user.has_role(*PLANNER_ROLES):
        return []
    today = timezone.localdate()
    # Staff should hear about a walk the week before; these are late.
    late = list(
        planned_walks_for(user).filter(
            state=LearningWalk.State.PLANNED,
            starts_on__lt=today + timedelta(days=7),
            ends_on__gte=today,
        )
    )
    if not late:
        return []
    return [
        Panel(
            title="Walks to announce",
            template="walks/dashboard_announce.html",
            context={"walks": late, "today": today},
            order=20,
        )
    ]
