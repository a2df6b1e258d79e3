"""The outcomes part of a pupil's page (SENDCo and SLT): attendance this school
year, EHC needs assessment requests and meetings with parents this year."""

from __future__ import annotations

from django.utils import timezone

from outcomes.access import (
    READERS,
    attendance_for,
    edits_outcomes,
    needs_assessments_for,
    parent_meetings_for,
    profile_reviews_for,
)
from outcomes.queries import expected_meetings, school_year_dates
from pupils.models import Pupil, SenStatus
from pupils.record_sections import RecordSection
from schools.models import User
from sendit.lib.access import school_id_of
from sendit.lib.dates import school_year_start


def pupil_outcomes(user: User, pupil: Pupil) -> RecordSection | None:
    if not user.has_role(*READERS):
        return None
    today = timezone.localdate()
    first, _ = school_year_dates(today)
    on_register = pupil.sen_status != SenStatus.NONE
    return RecordSection(
        title="Attendance, needs assessments and meetings with parents",
        template="outcomes/pupil_section.html",
        context={
            "attendance": list(
                attendance_for(user).filter(pupil=pupil, school_year=school_year_start(today))
            ),
            "assessments": list(needs_assessments_for(user).filter(pupil=pupil)),
            "meetings": (
                parent_meetings_for(user).filter(pupil=pupil, held_on__range=(first, today)).count()
                + profile_reviews_for(user)
                .filter(pupil=pupil, held_on__range=(first, today))
                .count()
            )
            if on_register
            else None,
            "expected": expected_meetings(school_id_of(user), today=today) if on_register else None,
            "today": today,
            "can_edit": edits_outcomes(user),
        },
        order=60,
    )
