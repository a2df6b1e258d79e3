"""Learning-walk notes past the school's period (``schools.retention``): an
observation goes with its feedback, replies, focus evidence and strategy
checks, ``observation_years`` after the visit it records."""

from __future__ import annotations

from datetime import date
from typing import Any

from feedback.models import Observation
from schools.models import RetentionPolicy, School
from schools.retention import RetentionKind, register, years_before


def observations_past(school: School, policy: RetentionPolicy, today: date) -> Any:
    cutoff = years_before(today, policy.observation_years)
    return Observation.objects.filter(visit__walk__school=school, visit__starts_at__date__lt=cutoff)


register(
    RetentionKind(
        key="observations",
        label="Learning-walk notes (observations and their feedback)",
        past=observations_past,
        period=lambda p: f"{p.observation_years} years after the visit",
        order=20,
    )
)
