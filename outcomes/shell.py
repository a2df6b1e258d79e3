"""Outcomes in the menu: attendance, needs assessments, meetings with parents."""

from __future__ import annotations

from django.utils import timezone

from outcomes.access import IMPORTERS, READERS
from outcomes.queries import needs_assessment_counts, parent_meetings_summary, school_year_dates
from schools.models import Role, User
from sendit.lib.access import school_id_of
from sendit.lib.shell import NavItem, Panel

SECTION = "Outcomes"

NAV = [
    NavItem("Attendance and suspensions", "outcomes:attendance", READERS, SECTION, order=240),
    NavItem("EHC needs assessments", "outcomes:assessments", READERS, SECTION, order=241),
    NavItem("Meetings with parents", "outcomes:meetings", READERS, SECTION, order=242),
    NavItem("Import attendance", "outcomes:attendance_import", IMPORTERS, SECTION, order=243),
]


def panels(user: User) -> list[Panel]:
    """The SENDCo's dashboard: needs assessments past a deadline, pupils behind
    on meetings with parents (counts only, with links to the lists)."""
    if not user.has_role(Role.SENDCO):
        return []
    today = timezone.localdate()
    school_id = school_id_of(user)
    first, last = school_year_dates(today)
    return [
        Panel(
            title="Needs assessments and meetings with parents",
            template="outcomes/dashboard.html",
            context={
                "assessments": needs_assessment_counts(
                    school_id, first=first, last=last, today=today
                ),
                "meetings": parent_meetings_summary(school_id, today=today),
            },
            order=40,
        )
    ]
