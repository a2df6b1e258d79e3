"""Who may reach the checklist (the reports app's access rules for it).

The SENDCo and senior leaders (the line manager) read and write the
checklist and both keep the question bank; nobody else reaches any of it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from reports.checklist.models import Checklist, ChecklistAction, ChecklistItem, ChecklistQuestion
from schools.models import Role, User
from schools.roles import SEND_LEADERS
from sendit.lib.access import ensure_role, in_school, school_id_of

CHECKLIST_ROLES = SEND_LEADERS
BANK_EDITORS = SEND_LEADERS


def questions_for(user: User) -> QuerySet[ChecklistQuestion]:
    ensure_role(user, *BANK_EDITORS)
    return in_school(ChecklistQuestion.objects.all(), user)


def checklists_for(user: User) -> QuerySet[Checklist]:
    ensure_role(user, *CHECKLIST_ROLES)
    return in_school(Checklist.objects.all(), user)


def checklist_items_for(user: User) -> QuerySet[ChecklistItem]:
    ensure_role(user, *CHECKLIST_ROLES)
    return in_school(ChecklistItem.objects.all(), user, field="checklist__school")


def checklist_actions_for(user: User) -> QuerySet[ChecklistAction]:
    ensure_role(user, *CHECKLIST_ROLES)
    return in_school(ChecklistAction.objects.all(), user)


def action_owners_for(user: User) -> QuerySet[User]:
    """Who may own an action: the school's current staff (governors are not staff)."""
    ensure_role(user, *CHECKLIST_ROLES)
    return (
        User.objects.in_school(
            school_id_of(user), Role.SENDCO, Role.SLT, Role.TEACHER, Role.TA, Role.SCHOOL_ADMIN
        )
        .filter(is_active=True)
        .order_by("last_name", "first_name", "pk")
    )
