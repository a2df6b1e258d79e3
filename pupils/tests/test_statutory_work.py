"""Statutory work of a span: reviews done against due, arrangements' evidence."""

from __future__ import annotations

from datetime import date

from pupils.models import AccessArrangement, ProfileReview, SenStatus
from pupils.queries import ReviewsDone, statutory_work_for
from tests.factories import make_arrangement, make_ehc_plan, make_pupil

FIRST, LAST, TODAY = date(2026, 9, 1), date(2026, 12, 18), date(2026, 12, 2)


def _review(pupil, held_on, next_review_on=None):
    return ProfileReview.objects.create(pupil=pupil, held_on=held_on, next_review_on=next_review_on)


def test_reviews_done_against_due_and_arrangements(cast, django_assert_max_num_queries) -> None:
    school = cast.school
    held = make_pupil(school)
    _review(held, date(2026, 6, 1), date(2026, 10, 1))
    _review(held, date(2026, 9, 28), date(2027, 1, 20))  # held: the due one met
    owed = make_pupil(school)
    _review(owed, date(2026, 6, 10), date(2026, 11, 1))  # due, not held
    later = make_pupil(school)
    _review(later, date(2026, 7, 1), date(2026, 12, 10))  # due after today: not yet
    gone = make_pupil(school, sen_status=SenStatus.NONE)
    _review(gone, date(2026, 5, 1), date(2026, 10, 1))  # off the register: not owed
    plans = [make_pupil(school, sen_status=SenStatus.EHC_PLAN) for _ in range(4)]
    make_ehc_plan(plans[0], issued_on=date(2024, 1, 5), last_annual_review=date(2026, 10, 2))
    make_ehc_plan(plans[1], issued_on=date(2025, 10, 20))  # due 20 Oct 2026, not held
    make_ehc_plan(plans[2], issued_on=date(2025, 12, 20))  # due after today
    make_ehc_plan(plans[3], issued_on=date(2024, 2, 1), last_annual_review=date(2026, 3, 1))
    make_arrangement(held)  # no evidence at all: missing
    make_arrangement(
        owed, assessed_on=date(2025, 1, 1), form_completed=True, valid_until=date(2027, 1, 10)
    )  # complete, runs out within 60 days
    make_arrangement(
        owed,
        kind=AccessArrangement.Kind.EXTRA_TIME,
        assessed_on=date(2025, 1, 1),
        form_completed=True,
        valid_until=date(2028, 1, 1),
    )  # fine
    with django_assert_max_num_queries(4):
        work = statutory_work_for(cast.slt, first=FIRST, last=LAST, today=TODAY)
    assert work.profile_reviews == ReviewsDone(due=2, done=1)
    assert work.annual_reviews == ReviewsDone(due=2, done=1)
    assert work.annual_reviews.not_done == 1
    assert (work.arrangements_missing, work.arrangements_expiring) == (1, 1)
    assert work.last == TODAY
    assert statutory_work_for(cast.teacher, first=FIRST, last=LAST, today=TODAY).annual_reviews == (
        ReviewsDone(due=0, done=0)
    )
