"""The SEND records of pupils who left, past the school's period
(``schools.retention``): the pupil and everything of their record goes
with them (needs, status history, profile and reviews, places, assessments,
access arrangements, EHC plan, concerns), by the database's cascade."""

from __future__ import annotations

from datetime import date
from typing import Any

from pupils.models import Pupil
from schools.models import RetentionPolicy, School
from schools.retention import RetentionKind, register, years_before


def leavers_past(school: School, policy: RetentionPolicy, today: date) -> Any:
    """Pupils who left at least ``leaver_years`` ago and are ``leaver_age`` or older."""
    return Pupil.objects.filter(
        school=school,
        left_on__isnull=False,
        left_on__lte=years_before(today, policy.leaver_years),
        date_of_birth__lte=years_before(today, policy.leaver_age),
    )


def _period(policy: RetentionPolicy) -> str:
    years = "year" if policy.leaver_years == 1 else "years"
    return (
        f"until their {policy.leaver_age}th birthday, and at least "
        f"{policy.leaver_years} {years} after they left"
    )


register(
    RetentionKind(
        key="leavers",
        label="SEND records of pupils who left",
        past=leavers_past,
        period=_period,
        order=10,
    )
)
