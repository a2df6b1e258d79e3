"""The outcomes' figures, recounted by hand on known data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from outcomes.models import AttendanceRecord, NeedsAssessment, decision_due, plan_due
from outcomes.queries import (
    attendance_comparison,
    expected_meetings,
    needs_assessment_counts,
    parent_meetings_summary,
    pupils_behind,
    register_pupils,
)
from pupils.models import ProfileReview, SenStatus
from schools.terms import terms_of_year
from tests.access.outcomes import make_needs_assessment, make_parent_meeting
from tests.factories import make_pupil, make_school, make_school_year

pytestmark = pytest.mark.django_db

K, E, N = SenStatus.SUPPORT, SenStatus.EHC_PLAN, SenStatus.NONE


def _record(pupil, percent: str, days: str = "0", *, year: int = 2026, term: str = "autumn"):
    return AttendanceRecord.objects.create(
        school=pupil.school,
        pupil=pupil,
        school_year=year,
        term=term,
        attendance_percent=Decimal(percent),
        suspension_days=Decimal(days),
        source=AttendanceRecord.Source.ATTENDANCE_FILE,
    )


def test_attendance_comparison_by_group_and_year() -> None:
    school = make_school("Comparison School")
    # Year 7: K 88 (PA, 2 days), E 92; no SEN 96, 94.
    _record(make_pupil(school, sen_status=K, year_group=7), "88.00", "2")
    _record(make_pupil(school, sen_status=E, year_group=7), "92.00")
    _record(make_pupil(school, sen_status=N, year_group=7), "96.00")
    _record(make_pupil(school, sen_status=N, year_group=7), "94.00")
    # Year 8: K 85.5 (PA, 1.5 days), no SEN 89.5 (PA, 1 day).
    _record(make_pupil(school, sen_status=K, year_group=8), "85.50", "1.5")
    _record(make_pupil(school, sen_status=N, year_group=8), "89.50", "1")
    # Not counted: another term, another school.
    _record(make_pupil(school, sen_status=K, year_group=8), "10.00", term="spring")
    _record(make_pupil(make_school("Elsewhere"), sen_status=K, year_group=8), "20.00")

    term = next(t for t in terms_of_year(school, 2026) if t.name == "Autumn")
    found = attendance_comparison(school, term=term)

    assert [row.year_group for row in found.rows] == [7, 8]
    y7, y8 = found.rows
    assert (y7.support.pupils, y7.support.mean_attendance) == (1, Decimal("88.0"))
    assert (y7.send.pupils, y7.send.mean_attendance) == (2, Decimal("90.0"))
    assert y7.send.persistent_absentees == 1
    assert y7.send.persistent_absence_pct == Decimal("50.0")
    assert (y7.no_sen.pupils, y7.no_sen.mean_attendance) == (2, Decimal("95.0"))
    assert y7.no_sen.persistent_absentees == 0
    assert y7.gap == Decimal("5.0")
    assert (y8.ehc.pupils, y8.ehc.mean_attendance) == (0, None)
    assert (y8.no_sen.pupils_suspended, y8.no_sen.suspension_days) == (1, Decimal("1"))

    total = found.total
    # SEND: 88, 92, 85.5 -> 265.5 / 3 = 88.5; no SEN: 96, 94, 89.5 -> 93.1666 -> 93.2.
    assert (total.send.pupils, total.send.mean_attendance) == (3, Decimal("88.5"))
    assert (total.no_sen.pupils, total.no_sen.mean_attendance) == (3, Decimal("93.2"))
    assert total.send.persistent_absentees == 2
    assert total.send.persistent_absence_pct == Decimal("66.7")
    assert (total.send.pupils_suspended, total.send.suspension_days) == (2, Decimal("3.5"))
    assert (total.ehc.pupils, total.support.pupils) == (1, 2)
    assert found.pupils == 6
    assert found.label == "Autumn term 2026 to 2027"


def test_attendance_comparison_for_the_year_to_date_and_in_one_query(
    django_assert_num_queries,
) -> None:
    school = make_school("Year School")
    _record(make_pupil(school, sen_status=K), "91.00", term="")
    _record(make_pupil(school, sen_status=N), "97.00", term="autumn")
    with django_assert_num_queries(1):
        found = attendance_comparison(school.pk, school_year=2026)
    assert found.total.send.pupils == 1
    assert found.total.no_sen.pupils == 0
    assert found.label == "School year 2026 to 2027"


def test_deadlines_are_six_and_twenty_weeks_from_the_request() -> None:
    assert decision_due(date(2026, 9, 1)) == date(2026, 10, 13)
    assert plan_due(date(2026, 9, 1)) == date(2027, 1, 19)
    pending = NeedsAssessment(requested_on=date(2026, 9, 1))
    assert not pending.decision_late(date(2026, 10, 13))
    assert pending.decision_late(date(2026, 10, 14))
    agreed = NeedsAssessment(
        requested_on=date(2026, 9, 1),
        outcome=NeedsAssessment.Outcome.AGREED,
        decision_on=date(2026, 10, 1),
    )
    assert not agreed.decision_late(date(2027, 3, 1))
    assert not agreed.plan_late(date(2027, 1, 19))
    assert agreed.plan_late(date(2027, 1, 20))
    issued = NeedsAssessment(
        requested_on=date(2026, 9, 1), outcome=NeedsAssessment.Outcome.PLAN_ISSUED
    )
    assert not issued.past_deadline(date(2027, 6, 1))


def test_needs_assessment_counts(django_assert_num_queries) -> None:
    school = make_school("Assessing School")
    pupil = make_pupil(school)
    today = date(2027, 3, 1)
    Outcome = NeedsAssessment.Outcome
    # Pending for 7 weeks: past the decision deadline.
    make_needs_assessment(pupil, requested_on=today - timedelta(weeks=7))
    # Pending for 2 weeks: in time.
    make_needs_assessment(pupil, requested_on=today - timedelta(weeks=2))
    # Agreed, 21 weeks ago with no plan: past the plan deadline.
    make_needs_assessment(
        pupil,
        requested_on=today - timedelta(weeks=21),
        outcome=Outcome.AGREED,
        decision_on=today - timedelta(weeks=16),
    )
    make_needs_assessment(
        pupil,
        requested_on=date(2026, 9, 10),
        outcome=Outcome.REFUSED,
        decision_on=date(2026, 10, 1),
    )
    make_needs_assessment(
        pupil,
        requested_on=date(2026, 9, 3),
        outcome=Outcome.PLAN_ISSUED,
        decision_on=date(2026, 10, 1),
        plan_on=date(2027, 1, 10),
    )
    make_needs_assessment(
        pupil,
        requested_on=date(2026, 9, 4),
        outcome=Outcome.PLAN_NOT_ISSUED,
        decision_on=date(2026, 10, 1),
        plan_on=date(2027, 1, 10),
    )
    # Last school year, and another school: not counted.
    make_needs_assessment(pupil, requested_on=date(2026, 7, 1))
    make_needs_assessment(make_pupil(make_school("Other")), requested_on=date(2026, 9, 9))
    with django_assert_num_queries(1):
        counts = needs_assessment_counts(
            school, first=date(2026, 8, 1), last=date(2027, 7, 31), today=today
        )
    assert counts.requested == 6
    assert counts.agreed == 3
    assert counts.refused == 1
    assert counts.plans_issued == 1
    assert counts.plans_not_issued == 1
    assert counts.in_progress == 3
    assert counts.past_deadline == 2


def _year_with_ended(school, ended: int) -> date:
    """Entered term dates for 2026 to 2027 of which ``ended`` half-terms are over
    on the day returned."""
    starts = [date(2026, 9, 1) + timedelta(weeks=6 * n) for n in range(6)]
    make_school_year(school, 2026, [(start, start + timedelta(weeks=5)) for start in starts])
    return starts[ended] + timedelta(days=1) if ended < 6 else date(2027, 7, 30)


@pytest.mark.parametrize(
    ("ended", "expected"), [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3)]
)
def test_expected_meetings_pro_rata_by_half_terms_ended(ended: int, expected: int) -> None:
    school = make_school("Pro rata School")
    today = _year_with_ended(school, ended)
    assert expected_meetings(school, today=today) == expected


def test_parent_meetings_summary_and_the_pupils_behind(django_assert_max_num_queries) -> None:
    school = make_school("Meeting School")
    today = _year_with_ended(school, 3)  # two expected
    met_twice = make_pupil(school, sen_status=K)
    make_parent_meeting(met_twice, held_on=date(2026, 9, 20))
    ProfileReview.objects.create(pupil=met_twice, held_on=date(2026, 12, 1))
    met_once = make_pupil(school, sen_status=E)
    make_parent_meeting(met_once, held_on=date(2026, 10, 1))
    make_parent_meeting(met_once, held_on=date(2026, 7, 1))  # last school year
    never = make_pupil(school, sen_status=K)
    no_sen = make_pupil(school, sen_status=N)
    make_parent_meeting(no_sen, held_on=date(2026, 10, 1))  # not on the register
    make_pupil(make_school("Another"), sen_status=K)

    with django_assert_max_num_queries(3):
        summary = parent_meetings_summary(school, today=today)
    assert summary.expected_per_pupil == 2
    assert summary.pupils_expected == 3
    assert summary.meetings_held == 3
    assert summary.pupils_behind == 2
    behind = list(
        pupils_behind(register_pupils(school), first=date(2026, 8, 1), last=today, expected=2)
    )
    assert behind == [never, met_once]
    assert [p.meetings_held for p in behind] == [0, 1]
