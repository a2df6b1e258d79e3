"""Generating the calendar's dates: the EHC chain in term time with the phase-transfer
deadlines, profile reviews, walks, line management; safe to run again."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.generate import calendar_generate
from calendar_app.models import Event, Kind, Source
from calendar_app.services import calendar_settings_of
from pupils.models import ProfileReview, SenStatus
from schools.terms import is_term_day
from tests.factories import make_ehc_plan, make_pupil, make_walk
from walks.models import LearningWalk

# The school has entered no term dates: the usual England ones for 2025 to 2026
# (spring half-term 16 to 20 February, Easter 30 March to 10 April).
TODAY = date(2026, 3, 2)


def _chain(plan) -> dict[str, Event]:
    events = Event.objects.filter(source=Source.EHC_PLAN, source_key__startswith=f"ehc:{plan.pk}:")
    return {e.kind: e for e in events}


def _state(school) -> list[tuple]:
    return list(
        Event.objects.filter(school=school)
        .order_by("source_key")
        .values_list(
            "pk",
            "source_key",
            "kind",
            "title",
            "start_date",
            "end_date",
            "start_time",
            "pupil_id",
            "walk_id",
            "for_staff",
            "for_governors",
            "for_parents",
            "done_on",
        )
    )


def test_the_annual_review_chain_falls_in_term_time(cast) -> None:
    pupil = make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, year_group=9)
    plan = make_ehc_plan(pupil, issued_on=date(2023, 5, 1), last_annual_review=date(2025, 6, 20))
    calendar_generate(school=cast.school, today=TODAY)
    chain = _chain(plan)
    # Due 20 June 2026, a Saturday: proposed on the Friday before.
    assert chain[Kind.ANNUAL_REVIEW].start_date == date(2026, 6, 19)
    assert chain[Kind.REVIEW_INVITATIONS].start_date == date(2026, 4, 24)  # 8 weeks before
    assert chain[Kind.REVIEW_PAPERS].start_date == date(2026, 6, 5)  # 2 weeks before
    assert chain[Kind.REVIEW_REPORT].start_date == date(2026, 7, 3)  # 2 weeks after
    assert chain[Kind.REVIEW_DECISION].start_date == date(2026, 7, 17)  # 4 weeks after
    assert Kind.PHASE_TRANSFER not in chain
    for kind in (
        Kind.ANNUAL_REVIEW,
        Kind.REVIEW_INVITATIONS,
        Kind.REVIEW_PAPERS,
        Kind.REVIEW_REPORT,
    ):
        assert is_term_day(cast.school, chain[kind].start_date), kind
    review = chain[Kind.ANNUAL_REVIEW]
    assert review.title == "EHC annual review (Year 9)" and review.pupil == pupil
    assert not (review.for_staff or review.for_governors or review.for_parents)


def test_a_year_11_review_comes_in_time_for_the_post_16_deadline(cast) -> None:
    pupil = make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, year_group=11)
    plan = make_ehc_plan(pupil, issued_on=date(2021, 5, 1), last_annual_review=date(2025, 6, 20))
    calendar_generate(school=cast.school, today=TODAY)
    chain = _chain(plan)
    transfer = chain[Kind.PHASE_TRANSFER]
    assert transfer.start_date == date(2026, 3, 31)
    assert transfer.title == "EHC plan amended for the move to post-16 (Year 11)"
    # Early enough for the authority's decision to come by 31 March.
    assert chain[Kind.ANNUAL_REVIEW].start_date == date(2026, 3, 3)
    assert chain[Kind.REVIEW_DECISION].start_date == date(2026, 3, 31)
    # Two weeks before falls in the February half-term: the Friday before it.
    assert chain[Kind.REVIEW_PAPERS].start_date == date(2026, 2, 13)
    assert chain[Kind.REVIEW_INVITATIONS].start_date == date(2026, 1, 6)


def test_a_year_6_review_comes_in_time_for_the_15_february_deadline(cast) -> None:
    pupil = make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, year_group=6)
    plan = make_ehc_plan(pupil, issued_on=date(2022, 3, 1), last_annual_review=date(2025, 3, 1))
    calendar_generate(school=cast.school, today=TODAY)
    chain = _chain(plan)
    assert chain[Kind.PHASE_TRANSFER].start_date == date(2026, 2, 15)
    assert chain[Kind.PHASE_TRANSFER].title == (
        "EHC plan amended for the move to secondary school (Year 6)"
    )
    # 15 February less four weeks is Sunday 18 January: the Friday before.
    assert chain[Kind.ANNUAL_REVIEW].start_date == date(2026, 1, 16)
    assert chain[Kind.REVIEW_DECISION].start_date <= date(2026, 2, 15)


def test_a_transfer_review_held_this_year_is_not_pulled_again(cast) -> None:
    pupil = make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, year_group=6)
    plan = make_ehc_plan(pupil, issued_on=date(2022, 3, 1), last_annual_review=date(2025, 10, 10))
    calendar_generate(school=cast.school, today=TODAY)
    assert _chain(plan)[Kind.ANNUAL_REVIEW].start_date == date(2026, 10, 9)


def test_the_invitation_notice_is_a_school_setting(cast) -> None:
    pupil = make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, year_group=9)
    plan = make_ehc_plan(pupil, issued_on=date(2023, 5, 1), last_annual_review=date(2025, 6, 20))
    settings = calendar_settings_of(cast.school)
    settings.invitation_weeks = 6
    settings.save()
    calendar_generate(school=cast.school, today=TODAY)
    assert _chain(plan)[Kind.REVIEW_INVITATIONS].start_date == date(2026, 5, 8)


@pytest.fixture
def sources(cast):
    ehc = make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN, year_group=10)
    plan = make_ehc_plan(ehc, issued_on=date(2023, 5, 1), last_annual_review=date(2025, 6, 20))
    ProfileReview.objects.create(
        pupil=cast.pupil, held_on=date(2025, 11, 20), next_review_on=date(2026, 3, 10)
    )
    walk = make_walk(cast.school, starts_on=date(2026, 3, 16), ends_on=date(2026, 3, 20))
    return {"plan": plan, "walk": walk, "ehc": ehc}


def test_generating_twice_gives_the_same_events(cast, sources) -> None:
    first = calendar_generate(school=cast.school, today=TODAY)
    before = _state(cast.school)
    again = calendar_generate(school=cast.school, today=TODAY)
    assert first.created == len(before) > 0
    assert (again.created, again.updated, again.removed) == (0, 0, 0)
    assert _state(cast.school) == before


def test_what_is_generated(cast, sources) -> None:
    calendar_generate(school=cast.school, today=TODAY)
    events = Event.objects.filter(school=cast.school)
    # Three profile reviews a year for each pupil on the register (cast: 2, plus one with a plan).
    reviews = events.filter(kind=Kind.PROFILE_REVIEW)
    assert reviews.count() == 3 * 3
    mine = {e.source_key.rsplit(":", 1)[1]: e for e in reviews.filter(pupil=cast.pupil)}
    assert mine["autumn"].done_on == date(2025, 11, 20)  # held in the autumn term
    assert mine["spring"].start_date == date(2026, 3, 10)  # the date the last review set
    assert mine["summer"].done_on is None
    # Parents' meetings for pupils at SEN support (the plan's annual review is theirs).
    assert events.filter(kind=Kind.PARENTS_MEETING).count() == 2 * 3
    assert not events.filter(kind=Kind.PARENTS_MEETING, pupil=sources["ehc"]).exists()
    # The walk, and its announcement the week before.
    walk = events.get(kind=Kind.LEARNING_WALK)
    assert (walk.start_date, walk.end_date, walk.walk) == (
        date(2026, 3, 16),
        date(2026, 3, 20),
        sources["walk"],
    )
    assert walk.for_governors and not walk.for_staff  # staff are told when it is announced
    announce = events.get(kind=Kind.WALK_ANNOUNCEMENT)
    assert announce.start_date == date(2026, 3, 9)
    # A line-management meeting each half-term, after school.
    meetings = events.filter(kind=Kind.LINE_MANAGEMENT).order_by("start_date")
    assert meetings.count() == 6 and all(is_term_day(cast.school, m.start_date) for m in meetings)
    assert meetings[0].start_time.hour == 15
    # A secondary's Year 6 transition week in the summer term.
    transition = events.get(kind=Kind.TRANSITION_REVIEW)
    assert transition.start_date.month == 6 and transition.days == 5
    for event in events:
        for pupil in (cast.pupil, cast.pupil2, sources["ehc"]):
            assert pupil.legal_last_name not in event.title


def test_an_announced_walk_is_for_all_staff_and_its_announcement_is_done(cast, sources) -> None:
    from django.utils import timezone

    calendar_generate(school=cast.school, today=TODAY)
    walk = sources["walk"]
    walk.announce()
    result = calendar_generate(school=cast.school, today=TODAY)
    assert result.updated == 2
    assert Event.objects.get(kind=Kind.LEARNING_WALK).for_staff
    assert Event.objects.get(kind=Kind.WALK_ANNOUNCEMENT).done_on == timezone.localdate()


def test_an_edited_event_survives_and_its_chain_follows_it(cast, sources) -> None:
    from django.utils import timezone

    calendar_generate(school=cast.school, today=TODAY)
    chain = _chain(sources["plan"])
    review = chain[Kind.ANNUAL_REVIEW]
    review.start_date = review.end_date = date(2026, 6, 10)
    review.title = "EHC annual review (Year 10), with the speech therapist"
    review.edited_at = timezone.now()
    review.save()
    meeting = Event.objects.filter(kind=Kind.LINE_MANAGEMENT).first()
    meeting.cancelled_at = meeting.edited_at = timezone.now()
    meeting.save()
    calendar_generate(school=cast.school, today=TODAY)
    review.refresh_from_db()
    assert review.start_date == date(2026, 6, 10)
    assert review.title.endswith("with the speech therapist")
    assert Event.objects.get(pk=meeting.pk).is_cancelled
    chain = _chain(sources["plan"])
    # Two weeks before 10 June is in the May half-term: the Friday before it.
    assert chain[Kind.REVIEW_PAPERS].start_date == date(2026, 5, 22)
    assert chain[Kind.REVIEW_DECISION].start_date == date(2026, 7, 8)


def test_a_removed_source_removes_its_events_but_not_edited_ones(cast, sources) -> None:
    from django.utils import timezone

    calendar_generate(school=cast.school, today=TODAY)
    kept = Event.objects.get(
        kind=Kind.PROFILE_REVIEW, source_key__endswith=":summer", pupil=cast.pupil2
    )
    kept.place = "Learning support base"
    kept.edited_at = timezone.now()
    kept.save()
    # The walk is cancelled (removed from the programme); a pupil leaves the register.
    LearningWalk.objects.filter(pk=sources["walk"].pk).delete()
    cast.pupil2.sen_status = SenStatus.NONE
    cast.pupil2.save()
    result = calendar_generate(school=cast.school, today=TODAY)
    assert not Event.objects.filter(kind__in=[Kind.LEARNING_WALK, Kind.WALK_ANNOUNCEMENT]).exists()
    left = Event.objects.filter(pupil=cast.pupil2)
    assert list(left) == [kept]
    # The walk's two; pupil2's three reviews and three meetings, less the edited one.
    assert result.removed == 2 + 5
    # The plan reviewed: the old chain goes, the next one comes.
    plan = sources["plan"]
    old = set(_chain(plan).values())
    plan.last_annual_review = date(2026, 2, 25)
    plan.save()
    calendar_generate(school=cast.school, today=TODAY)
    new = _chain(plan)
    assert not old & set(new.values())
    assert new[Kind.ANNUAL_REVIEW].start_date == date(2027, 2, 25)


def test_another_schools_sources_stay_there(cast, sources) -> None:
    make_ehc_plan(cast.other_pupil, issued_on=date(2024, 9, 1))
    calendar_generate(school=cast.school, today=TODAY)
    assert not Event.objects.filter(pupil=cast.other_pupil).exists()
    assert not Event.objects.filter(school=cast.other_school).exists()
