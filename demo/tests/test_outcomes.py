"""The demo outcomes: the shape the issue asks for, the pages' figures recounted
from the database independently, and a second run changing nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from outcomes.models import AttendanceRecord, NeedsAssessment, ParentMeeting
from outcomes.queries import (
    attendance_comparison,
    needs_assessment_counts,
    parent_meetings_summary,
    school_year_dates,
)
from pupils.models import ProfileReview, Pupil, SenStatus
from schools.models import School
from sendit.lib.dates import school_year_start


@pytest.fixture
def demo(db) -> School:
    call_command("seed_demo", verbosity=0)
    return School.objects.get(slug="demo")


def _fingerprint() -> tuple[int, int, int, list]:
    return (
        AttendanceRecord.objects.count(),
        NeedsAssessment.objects.count(),
        ParentMeeting.objects.count(),
        list(AttendanceRecord.objects.order_by("pk").values_list("attendance_percent")[:50]),
    )


def test_demo_attendance_has_a_send_gap_and_recounts(demo) -> None:
    today = timezone.localdate()
    year = school_year_start(today)
    pupils = Pupil.objects.filter(school=demo)
    records = AttendanceRecord.objects.filter(school=demo, school_year=year, term="")
    # Every pupil has this year's figures.
    assert records.count() == pupils.count()
    found = attendance_comparison(demo, school_year=year)
    # Recounted in Python from the rows.
    rows = list(records.values_list("pupil__sen_status", "attendance_percent", "suspension_days"))
    send = [(p, d) for s, p, d in rows if s != SenStatus.NONE]
    none = [(p, d) for s, p, d in rows if s == SenStatus.NONE]
    mean_send = (sum(p for p, _ in send) / len(send)).quantize(Decimal("0.1"))
    mean_none = (sum(p for p, _ in none) / len(none)).quantize(Decimal("0.1"))
    assert found.total.send.mean_attendance == mean_send
    assert found.total.no_sen.mean_attendance == mean_none
    assert found.total.send.persistent_absentees == sum(1 for p, _ in send if p < 90)
    assert found.total.send.pupils_suspended == sum(1 for _, d in send if d > 0)
    assert found.total.send.suspension_days == sum(d for _, d in send)
    assert Decimal("88.5") <= mean_send <= Decimal("91.5")
    assert Decimal("93.5") <= mean_none <= Decimal("95.5")
    assert found.total.no_sen.persistent_absentees > 0
    send_rate = found.total.send.pupils_suspended / found.total.send.pupils
    none_rate = found.total.no_sen.pupils_suspended / found.total.no_sen.pupils
    assert send_rate > 2 * none_rate
    assert sum(r.send.pupils + r.no_sen.pupils for r in found.rows) == pupils.count()


def test_demo_needs_assessments_and_meetings_recount(demo) -> None:
    today = timezone.localdate()
    first, last = school_year_dates(today)
    assessments = list(NeedsAssessment.objects.filter(school=demo))
    assert 5 <= len(assessments) <= 8
    assert len({a.outcome for a in assessments}) >= 4
    assert any(a.decision_late(today) for a in assessments)
    assert any(a.plan_late(today) for a in assessments)
    counts = needs_assessment_counts(demo, first=first, last=last, today=today)
    this_year = [a for a in assessments if first <= a.requested_on <= last]
    assert counts.requested == len(this_year)
    assert counts.in_progress == sum(1 for a in this_year if a.in_progress)
    assert counts.past_deadline == sum(1 for a in this_year if a.past_deadline(today))

    summary = parent_meetings_summary(demo, today=today)
    register = list(Pupil.objects.filter(school=demo).exclude(sen_status=SenStatus.NONE))
    held = {p.pk: 0 for p in register}
    for pupil_id in ParentMeeting.objects.filter(
        pupil__in=register, held_on__range=(first, today)
    ).values_list("pupil_id", flat=True):
        held[pupil_id] += 1
    for pupil_id in ProfileReview.objects.filter(
        pupil__in=register, held_on__range=(first, today)
    ).values_list("pupil_id", flat=True):
        held[pupil_id] += 1
    assert summary.pupils_expected == len(register)
    assert summary.meetings_held == sum(held.values())
    expected = summary.expected_per_pupil
    assert summary.pupils_behind == sum(1 for n in held.values() if n < expected)
    if expected:
        assert 0 < summary.pupils_behind < len(register) / 2


def test_a_second_run_changes_nothing(demo) -> None:
    before = _fingerprint()
    call_command("seed_demo", verbosity=0)
    assert _fingerprint() == before
