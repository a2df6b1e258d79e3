"""A small, known provision map for the grid, cost and impact tests.

The clock is frozen on Wednesday 18 November 2026: the school has entered no
term dates, so the Autumn term runs from 1 September to 18 December with its
half-term holiday from 26 to 30 October (schools/term_defaults.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from pupils.models import (
    BroadArea,
    CostBasis,
    Intervention,
    InterventionPlace,
    ProgressRule,
    Pupil,
    StaffRate,
)
from tests.factories import make_intervention, make_pupil

TODAY = date(2026, 11, 18)
NOON = datetime(2026, 11, 18, 12, tzinfo=ZoneInfo("Europe/London"))


@dataclass
class Provision:
    reading: Intervention  # ended 15 November: 3 pupils, 2 measured, 1 met the rule
    counselling: Intervention  # one to one, £55 a session, running
    unrated: Intervention  # at the SENDCo's rate, which the school has not set
    spring: Intervention  # next term only
    y7a: Pupil
    y7b: Pupil
    y8: Pupil
    y9: Pupil


def _measures(intervention: Intervention, pupil: Pupil, entry: int, exit_: int | None) -> None:
    InterventionPlace.objects.filter(intervention=intervention, pupil=pupil).update(
        entry_measure=entry, exit_measure=exit_
    )


def make_provision(school, *, lead=None) -> Provision:
    StaffRate.objects.create(school=school, role="ta", hourly_rate=Decimal("16.40"))
    StaffRate.objects.create(school=school, role="teacher", hourly_rate=Decimal("38.50"))
    y7a = make_pupil(school, year_group=7, legal_last_name="Adams")
    y7b = make_pupil(school, year_group=7, legal_last_name="Baker")
    y8 = make_pupil(school, year_group=8, legal_last_name="Cole")
    y9 = make_pupil(school, year_group=9, legal_last_name="Dean")
    # Ten weeks from Monday 7 September; the half-term week has no sessions: 9 x 3.
    reading = make_intervention(
        school,
        name="Reading group",
        area=BroadArea.COGNITION,
        wave=2,
        lead=lead,
        starts_on=date(2026, 9, 7),
        ends_on=date(2026, 11, 15),
        sessions_per_week=3,
        minutes_per_session=20,
        rate_role="ta",
        measure="reading age",
        measure_unit="months",
        progress_rule=ProgressRule.MONTHS,
        pupils=[y7a, y7b, y8],
    )
    _measures(reading, y7a, 100, 106)
    _measures(reading, y7b, 110, 111)
    _measures(reading, y8, 95, None)
    counselling = make_intervention(
        school,
        name="Counselling",
        area=BroadArea.SEMH,
        wave=3,
        provider="Open Door",
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 12, 13),
        sessions_per_week=1,
        minutes_per_session=50,
        one_to_one=True,
        cost_basis=CostBasis.SESSION,
        cost_per_session=Decimal("55.00"),
        measure="wellbeing",
        measure_unit="points",
        progress_rule=ProgressRule.GAIN,
        progress_gain=Decimal("4"),
        pupils=[y7a, y9],
    )
    unrated = make_intervention(
        school,
        name="Social stories",
        area=BroadArea.COGNITION,
        wave=1,
        starts_on=date(2026, 9, 14),
        ends_on=date(2026, 12, 11),
        rate_role="sendco",
        pupils=[y8],
    )
    spring = make_intervention(
        school,
        name="Spring group",
        area=BroadArea.COMMUNICATION,
        starts_on=date(2027, 1, 11),
        ends_on=date(2027, 3, 19),
        rate_role="teacher",
        pupils=[y9],
    )
    return Provision(reading, counselling, unrated, spring, y7a, y7b, y8, y9)


def bulk_provision(school, *, pupils: int, interventions: int, start: int) -> list[Pupil]:
    """``pupils`` pupils in years 7 to 11 spread over ``interventions`` interventions of
    every area and wave, half ended on 16 November 2026 with measures, half running."""
    from datetime import timedelta

    from pupils.models import SenStatus, Wave
    from pupils.upn import make_upn

    made = Pupil.objects.bulk_create(
        Pupil(
            school=school,
            upn=make_upn(f"777{start + n:09d}"),
            mis_id=f"BULK{start + n}",
            legal_first_name="Bulk",
            legal_last_name=f"Pupil{start + n:05d}",
            date_of_birth=date(2013, 1, 1),
            year_group=7 + n % 5,
            sen_status=SenStatus.SUPPORT,
        )
        for n in range(pupils)
    )
    areas, waves = list(BroadArea), list(Wave)
    size = max(1, len(made) // interventions)
    for n in range(interventions):
        ended = n % 2 == 0
        intervention = make_intervention(
            school,
            name=f"Bulk group {start + n}",
            area=areas[n % len(areas)],
            wave=waves[n % len(waves)],
            starts_on=date(2026, 9, 7) + timedelta(days=n),
            ends_on=date(2026, 11, 16) if ended else date(2026, 12, 11),
            rate_role="ta",
            progress_rule=ProgressRule.GAIN,
            progress_gain=Decimal("2"),
            measure_unit="points",
            pupils=made[n * size : (n + 1) * size],
        )
        if ended:
            intervention.places.update(entry_measure=10, exit_measure=13)
    return made
