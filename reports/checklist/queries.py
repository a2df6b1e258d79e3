"""The checklist's own figures: which actions a checklist shows."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from reports.checklist.access import checklist_actions_for
from reports.checklist.models import Checklist, ChecklistAction
from schools.models import User


def actions_on(user: User, checklist: Checklist) -> QuerySet[ChecklistAction]:
    """The actions agreed at this checklist's meeting, and those from earlier
    meetings still open when its half-term began: the same actions, carried until
    they are done (one done since shows here as done)."""
    carried = Q(checklist__starts_on__lt=checklist.starts_on) & (
        Q(done_on__isnull=True) | Q(done_on__gte=checklist.starts_on)
    )
    return (
        checklist_actions_for(user)
        .filter(Q(checklist=checklist) | carried)
        .select_related("owner", "checklist")
        .order_by("checklist__starts_on", "created_at", "pk")
    )
