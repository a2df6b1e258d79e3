"""The school's settings are in the record of changes: School settings, the
retention periods, staff rates, calendar settings, the parents' dates
address, the coach's word list and the checklist's question bank, each with
who changed it and, for values that are not text, old and new."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import RequestFactory

from audit.changes import AUDITED, changes_by
from audit.models import ChangeKind, ChangeRecord


@pytest.fixture
def as_admin(cast):
    with changes_by(cast.school_admin, RequestFactory().post("/", REMOTE_ADDR="198.51.100.4")):
        yield cast


def _kinds(model: str) -> list[str]:
    return sorted(ChangeRecord.objects.filter(details__model=model).values_list("kind", flat=True))


def _changed(model: str) -> ChangeRecord:
    return ChangeRecord.objects.get(details__model=model, kind=ChangeKind.RECORD_CHANGED)


def test_school_settings(as_admin) -> None:
    school = as_admin.school
    school.yearly_observation_limit = 5
    school.save()
    record = _changed("schools.school")
    assert record.details["values"]["yearly_observation_limit"] == [3, 5]
    assert record.actor == as_admin.school_admin and record.ip == "198.51.100.4"


def test_retention_periods(as_admin) -> None:
    from schools.models import RetentionPolicy

    policy = RetentionPolicy.objects.create(school=as_admin.school)
    policy.observation_years = 5
    policy.save()
    assert _changed("schools.retentionpolicy").details["values"]["observation_years"] == [3, 5]


def test_staff_rates(as_admin) -> None:
    from pupils.models import StaffRate

    rate = StaffRate.objects.create(school=as_admin.school, role="ta", hourly_rate=Decimal("14.00"))
    rate.hourly_rate = Decimal("15.25")
    rate.save()
    rate.delete()
    assert _kinds("pupils.staffrate") == sorted(
        [ChangeKind.RECORD_CHANGED, ChangeKind.RECORD_CREATED, ChangeKind.RECORD_DELETED]
    )
    assert _changed("pupils.staffrate").details["values"]["hourly_rate"] == ["14.00", "15.25"]


def test_calendar_settings_and_parents_address(as_admin) -> None:
    from calendar_app.models import CalendarSettings, ParentsFeed, new_token

    settings = CalendarSettings.objects.create(school=as_admin.school)
    settings.invitation_weeks = 6
    settings.save()
    assert _changed("calendar_app.calendarsettings").details["values"]["invitation_weeks"] == [
        8,
        6,
    ]
    feed = ParentsFeed.objects.create(school=as_admin.school)
    old = feed.token
    feed.token = new_token()
    feed.save()
    record = _changed("calendar_app.parentsfeed")
    assert record.details["fields"] == ["token"]
    assert old not in str(record.details) and feed.token not in str(record.details)


def test_the_coachs_word_list(as_admin) -> None:
    from feedback.models import JudgementalWord

    word = JudgementalWord.objects.create(school=as_admin.school, word="lazy")
    word.is_active = False
    word.save()
    assert _changed("feedback.judgementalword").details["values"]["is_active"] == [True, False]


def test_the_checklist_question_bank(as_admin) -> None:
    from reports.models import ChecklistQuestion

    question = ChecklistQuestion.objects.create(
        school=as_admin.school, half_term=1, section="assess", text="Is the register current?"
    )
    question.half_term = 2
    question.save()
    record = _changed("reports.checklistquestion")
    assert record.details["values"]["half_term"] == [1, 2]
    assert "register current" not in str(record.details)  # the text by name only


def test_every_settings_model_is_registered() -> None:
    for label in (
        "schools.School",
        "schools.RetentionPolicy",
        "pupils.StaffRate",
        "calendar_app.CalendarSettings",
        "calendar_app.ParentsFeed",
        "feedback.JudgementalWord",
        "reports.ChecklistQuestion",
    ):
        assert label in AUDITED
