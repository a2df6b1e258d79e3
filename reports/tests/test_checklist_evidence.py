"""The evidence next to each question is what the apps' queries give, and the
page shows those figures."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from calendar_app.models import Kind
from calendar_app.queries import statutory_steps_for
from calendar_app.tests.factories import make_event
from feedback.models import Evidence as Rating
from feedback.models import FocusEvidence, Observation
from feedback.queries import picture_build
from pupils.models import Concern, ProfileReview
from pupils.queries import (
    arrangements_to_chase,
    concerns_raised_for,
    ehc_reviews_due_for,
    interventions_without_exit,
    profile_coverage_for,
    reviews_due_for,
    statutory_reviews_for,
    without_profile_for,
)
from reports.checklist.evidence import evidence_for
from reports.checklist.models import EvidenceKey
from reports.checklist.periods import half_term
from tests.factories import (
    make_arrangement,
    make_concern,
    make_ehc_plan,
    make_focus_area,
    make_intervention,
    make_observation,
    make_profile,
    make_pupil,
    make_visit,
    make_walk,
)
from walks.queries import walks_between

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2025-11-20 10:00", tick=False):
        yield


@pytest.fixture
def records(cast):
    """Something behind every evidence key, in Autumn 2 2025 and around it."""
    school = cast.school
    make_profile(cast.pupil)
    ProfileReview.objects.create(
        pupil=cast.pupil, held_on=date(2025, 6, 1), next_review_on=date(2025, 10, 1)
    )
    with_plan = make_pupil(school)
    make_profile(with_plan)
    make_ehc_plan(with_plan, issued_on=date(2024, 1, 10))  # review was due January 2025
    make_ehc_plan(make_pupil(school), issued_on=date(2024, 12, 10))  # due within six weeks
    make_intervention(
        school, pupils=[cast.pupil], starts_on=date(2025, 9, 8), ends_on=date(2025, 11, 7)
    )
    make_arrangement(cast.pupil2)
    focus = make_focus_area(school, title="Seating and grouping")
    walk = make_walk(
        school, focus_areas=[focus], observers=[cast.sendco], starts_on=date(2025, 11, 12)
    )
    make_walk(school, observers=[cast.sendco], starts_on=date(2025, 10, 1))  # Autumn 1
    visit = make_visit(
        walk,
        cast.group,
        starts_at=timezone.make_aware(datetime.combine(date(2025, 11, 12), time(9))),
    )
    observation = make_observation(
        visit,
        cast.sendco,
        status=Observation.Status.COMPLETED,
        strengths="Clear routines at the start",
    )
    FocusEvidence.objects.create(observation=observation, focus_area=focus, rating=Rating.SEEN)
    make_concern(cast.pupil, raised_by=cast.teacher)
    decided = make_concern(cast.pupil2, raised_by=cast.teacher2)
    decided.triage(outcome=Concern.Outcome.MONITOR, on=TODAY, by=cast.sendco)
    make_concern(
        cast.pupil2,
        raised_by=cast.teacher2,
        created_at=timezone.make_aware(datetime(2025, 10, 2, 9)),  # Autumn 1
    )
    # The calendar: two annual reviews ahead (one in Spring 1), a transition
    # review, a cancelled date, a training day (not statutory) and a late step.
    make_event(school, day=date(2025, 12, 3), kind=Kind.ANNUAL_REVIEW, pupil=with_plan)
    make_event(school, day=date(2026, 1, 20), kind=Kind.ANNUAL_REVIEW, pupil=cast.pupil)
    make_event(school, day=date(2026, 3, 2), kind=Kind.ANNUAL_REVIEW, pupil=cast.pupil2)  # later
    make_event(school, day=date(2025, 12, 10), kind=Kind.TRANSITION_REVIEW, title="Year 6 visits")
    make_event(school, day=date(2025, 12, 11), kind=Kind.ANNUAL_REVIEW, cancelled_at=timezone.now())
    make_event(school, day=date(2025, 12, 12), kind=Kind.TRAINING)
    make_event(school, day=date(2025, 11, 10), kind=Kind.REVIEW_INVITATIONS, pupil=with_plan)
    return cast


def _figures(evidence) -> dict[str, int]:
    return {figure.label: figure.value for figure in evidence.figures}


def test_evidence_figures_equal_the_queries_results(records) -> None:
    cast = records
    user = cast.slt
    half = half_term(cast.school, 2025, 2)
    assert half is not None
    evidence = evidence_for(EvidenceKey.values[1:], user=user, half=half, today=TODAY)
    assert set(evidence) == set(EvidenceKey.values[1:])

    coverage = profile_coverage_for(user, today=TODAY)
    profiles = _figures(evidence[EvidenceKey.PROFILES])
    assert profiles == {
        "Pupils on the register": coverage.register,
        "With a profile whose review is not overdue": coverage.current,
        "With a profile": coverage.with_profile,
        "Without a profile": coverage.without_profile,
    }
    # ...which agree with the dashboard's lists, and with what was made above.
    assert coverage.without_profile == without_profile_for(user).total
    assert (coverage.register, coverage.with_profile, coverage.current) == (4, 2, 1)

    reviews = _figures(evidence[EvidenceKey.REVIEWS])
    statutory = statutory_reviews_for(user, today=TODAY)
    assert reviews["Profile reviews overdue"] == reviews_due_for(user, today=TODAY).overdue == 1
    due = ehc_reviews_due_for(user, today=TODAY)
    assert (
        reviews["EHC annual reviews overdue"] == statutory.ehc_reviews_overdue == due.overdue == 1
    )
    assert reviews["EHC annual reviews due within six weeks"] == due.total - due.overdue == 1

    exits = _figures(evidence[EvidenceKey.EXIT_MEASURES])
    assert list(exits.values()) == [interventions_without_exit(user, today=TODAY).count()] == [1]
    chase = _figures(evidence[EvidenceKey.ARRANGEMENTS])
    assert list(chase.values()) == [arrangements_to_chase(user, today=TODAY).count()] == [1]

    walks = _figures(evidence[EvidenceKey.WALKS])
    in_half = walks_between(user, start=half.start, end=half.end)
    picture = picture_build(walks=in_half, anonymise=False)
    assert walks["Walks"] == in_half.count() == 1
    assert walks["Visits with a completed record"] == picture.visits == 1
    assert "Seating and grouping: seen in 100% of the visits that looked for it" in " ".join(
        evidence[EvidenceKey.WALKS].lines
    )

    concerns = _figures(evidence[EvidenceKey.CONCERNS])
    raised = concerns_raised_for(user, start=half.start, end=half.end)
    assert concerns["Concerns raised"] == raised.total == 2
    assert concerns["Waiting for a decision"] == raised.open == 1
    assert concerns["Decided: Monitor"] == dict(raised.by_outcome)["Monitor"] == 1

    dates = _figures(evidence[EvidenceKey.DATES])
    following = half_term(cast.school, 2025, 3)
    assert following is not None
    steps = statutory_steps_for(user, first=TODAY, last=following.end, today=TODAY)
    assert dates["Statutory dates in the calendar"] == steps.due_total == 3
    assert dates["EHC annual review"] == dict(steps.due)["EHC annual review"] == 2
    assert dates["Year 6 transition review"] == 1
    assert dates["EHC annual reviews overdue"] == statutory.ehc_reviews_overdue
    assert (
        dates["Late: annual review invitations out"]
        == dict(steps.late)["Annual review invitations out"]
    )
    assert dates["Late: annual review invitations out"] == 1


def test_the_page_shows_each_questions_evidence(records, client) -> None:
    cast = records
    client.force_login(cast.slt)
    page = client.get(reverse("reports:checklist")).content.decode()
    # The Autumn 2 question on the autumn profile reviews, with its figures.
    within = r"(?:(?!</li>).)*"
    item = re.search(
        rf'id="item-\d+">{within}Have the autumn profile reviews been held{within}</li>', page, re.S
    )
    assert item, "question not found"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item.group(0)))
    assert "From the records: profile and annual reviews overdue" in text
    assert "Profile reviews overdue 1" in text
    assert "EHC annual reviews overdue 1" in text
    assert "As at 20 November 2025" in text
    assert reverse("pupils:ehc_reviews") in item.group(0)


def test_evidence_is_scoped_to_the_school(records) -> None:
    half = half_term(records.other_school, 2025, 2)
    assert half is not None
    evidence = evidence_for(
        [EvidenceKey.PROFILES, EvidenceKey.CONCERNS],
        user=records.other_sendco,
        half=half,
        today=TODAY,
    )
    assert _figures(evidence[EvidenceKey.PROFILES])["Pupils on the register"] == 1
    assert _figures(evidence[EvidenceKey.CONCERNS])["Concerns raised"] == 0
