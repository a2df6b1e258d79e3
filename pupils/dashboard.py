"""This app's panels on the SENDCo dashboard (declared in this app's shell.py).

The panels only lay out figures from ``pupils.queries``; nothing is counted here.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from pupils.queries import (
    ehc_reviews_due_for,
    open_concerns_for,
    provision_follow_up_for,
    reviews_due_for,
    without_profile_for,
)
from schools.models import Role, User
from sendit.lib.shell import Panel


def panels(user: User, *, today: date | None = None) -> list[Panel]:
    if not user.has_role(Role.SENDCO):
        return []
    today = today or timezone.localdate()
    due = reviews_due_for(user, today=today)
    missing = without_profile_for(user)
    concerns = open_concerns_for(user)
    plans = ehc_reviews_due_for(user, today=today)
    follow_up = provision_follow_up_for(user, today=today)
    return [
        Panel(
            title="Profile reviews due",
            template="pupils/dashboard_reviews.html",
            context={
                "pupils": due.items,
                "overdue": due.overdue,
                "total": due.total,
                "today": today,
            },
            order=20,
        ),
        Panel(
            title="On the register without a profile",
            template="pupils/dashboard_profiles.html",
            context={"pupils": missing.items, "total": missing.total},
            order=21,
        ),
        Panel(
            title="Concerns waiting for a decision",
            template="pupils/concern_dashboard.html",
            context={"concerns": concerns.items, "total": concerns.total},
            order=30,
        ),
        Panel(
            title="EHC annual reviews due within six weeks",
            template="pupils/ehc_dashboard.html",
            context={"plans": plans.items, "total": plans.total, "today": today},
            order=31,
        ),
        Panel(
            title="Provision to follow up",
            template="pupils/intervention_dashboard.html",
            context={
                "arrangements": follow_up.arrangements,
                "missing_exit": follow_up.missing_exit,
            },
            order=32,
        ),
    ]
