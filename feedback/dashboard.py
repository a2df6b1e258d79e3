"""This app's panel on the SENDCo dashboard (see schools/dashboard.py)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from feedback.access import observations_to_draft
from feedback.models import Feedback, FeedbackReply
from schools.dashboard import Panel
from schools.models import Role, User
from sendit.lib.access import in_school

LISTED = 5


def panels(user: User) -> list[Panel]:
    if not user.has_role(Role.SENDCO):
        return []
    without = (
        observations_to_draft(user)
        # One note per visit is enough: a second observer's record of a
        # visit that already has feedback is not waiting for anything.
        .exclude(visit__observations__feedback__isnull=False)
        .select_related("visit__group", "observer")
        .order_by("-completed_at", "-pk")
    )
    drafts = (
        in_school(Feedback.objects.all(), user, field="observation__visit__walk__school")
        .filter(status=Feedback.Status.DRAFT)
        .select_related("observation__visit__group")
        .order_by("-created_at", "-pk")
    )
    # Replies by the teacher the note was for: the SENDCo's own replies are
    # not news to the SENDCo.
    replies = (
        in_school(
            FeedbackReply.objects.all(), user, field="feedback__observation__visit__walk__school"
        )
        .filter(
            created_at__gte=timezone.now() - timedelta(days=30),
            author=F("feedback__observation__visit__teacher"),
        )
        .select_related("author", "feedback")
        .order_by("-created_at", "-pk")
    )
    return [
        Panel(
            title="Walk feedback",
            template="feedback/dashboard_panel.html",
            context={
                "without_feedback": list(without[:LISTED]),
                "without_feedback_count": without.count(),
                "drafts": list(drafts[:LISTED]),
                "drafts_count": drafts.count(),
                "replies": list(replies[:LISTED]),
            },
            order=40,
        )
    ]
