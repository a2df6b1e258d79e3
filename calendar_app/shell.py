"""The calendar in the menu, and its dashboard panels.

"This week and next" is the SENDCo's; "Dates for you" is for teachers and
teaching assistants (the events about the pupils they teach, and those for
all staff), wherever the shell shows a teacher's panels.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from calendar_app.access import CALENDAR_READERS, OVERDUE_READERS, SEND_TEAM
from calendar_app.queries import overdue_counts_for, upcoming_for
from schools.models import User
from schools.roles import CLASSROOM_STAFF
from sendit.lib.shell import HomeClaim, NavItem, Panel

SECTION = "Calendar"

NAV = [
    NavItem("Month", "calendar:month", CALENDAR_READERS, SECTION, order=250),
    NavItem("Week", "calendar:week", CALENDAR_READERS, SECTION, order=251),
    NavItem("Agenda", "calendar:agenda", CALENDAR_READERS, SECTION, order=252),
    NavItem("Overdue", "calendar:overdue", OVERDUE_READERS, SECTION, order=253),
    NavItem("Subscribe", "calendar:subscribe", CALENDAR_READERS, SECTION, order=254),
    NavItem("Calendar settings", "calendar:settings", SEND_TEAM, SECTION, order=255),
]
HOMES: list[HomeClaim] = []

FORTNIGHT = 14


def panels(user: User) -> list[Panel]:
    today = timezone.localdate()
    if user.has_role(*SEND_TEAM):
        monday = today - timedelta(days=today.weekday())
        next_monday = monday + timedelta(days=7)
        events = upcoming_for(
            user, today=today, days=(next_monday + timedelta(days=7) - today).days
        )
        return [
            Panel(
                title="This week and next",
                template="calendar_app/panel_fortnight.html",
                context={
                    "this_week": [e for e in events if e.start_date < next_monday],
                    "next_week": [e for e in events if e.start_date >= next_monday],
                    "overdue": overdue_counts_for(user, today=today),
                    "today": today,
                },
                order=5,
            )
        ]
    if user.has_role(*CLASSROOM_STAFF):
        return [
            Panel(
                title="Dates for you",
                template="calendar_app/panel_yours.html",
                context={"events": upcoming_for(user, today=today, days=FORTNIGHT), "today": today},
                order=5,
                classroom=True,
            )
        ]
    return []
