from __future__ import annotations

import pytest
from django.utils import timezone

from feedback.models import Evidence, Feedback, FocusEvidence, JudgementalWord, StrategyCheck
from feedback.queries import picture_build
from feedback.services import (
    ReleaseBlocked,
    capture_layout,
    feedback_for,
    feedback_release,
    feedback_save,
    observation_enter_room,
    observation_save,
    observation_values,
    school_words,
    walk_report_draft,
)
from feedback.tests.conftest import completed, released
from pupils.models import SenStatus
from schools.models import Role
from sendit.lib.versions import VersionConflict
from tests.factories import make_observation, make_pupil, make_user, make_visit
from walks.models import LearningWalk


def _data(setup, **extra) -> dict:
    a, b = setup.focus
    s1, s2 = setup.strategies
    pupil_id = s1.profile.pupil_id
    data = {
        "strengths": "Warm welcome",
        "even_better_if": "",
        "notes": "",
        "focus": {a.pk: (Evidence.SEEN, "Steps on the board"), b.pk: ("", "")},
        "strategies": {s1.pk: (pupil_id, StrategyCheck.Result.SEEN), s2.pk: (pupil_id, "")},
    }
    data.update(extra)
    return data


def test_each_observer_has_their_own_record(cast, setup) -> None:
    mine = observation_save(visit=setup.visit, user=cast.sendco, data=_data(setup), base_version=0)
    again = observation_enter_room(visit=setup.visit, user=cast.sendco)
    theirs = observation_enter_room(visit=setup.visit, user=cast.slt)
    assert mine.pk == again.pk
    assert theirs.pk != mine.pk
    assert (theirs.version, theirs.strengths) == (0, "")  # entering saves nothing yet


def test_save_writes_the_whole_form_and_bumps_the_version(cast, setup) -> None:
    saved = observation_save(visit=setup.visit, user=cast.sendco, data=_data(setup), base_version=0)
    observation = saved
    assert saved.version == 1
    assert saved.strengths == "Warm welcome"
    evidence = FocusEvidence.objects.get(observation=observation)
    assert (evidence.focus_area, evidence.rating, evidence.note) == (
        setup.focus[0],
        Evidence.SEEN,
        "Steps on the board",
    )
    # Unanswered rows are not stored; an answered one is.
    check = StrategyCheck.objects.get(observation=observation)
    assert (check.strategy, check.pupil, check.result) == (setup.strategies[0], cast.pupil, "seen")
    values = observation_values(saved)
    assert values[f"focus-{setup.focus[0].pk}-rating"] == "seen"
    assert values[f"strategy-{setup.strategies[0].pk}"] == "seen"


def test_a_save_based_on_an_old_version_is_refused_and_changes_nothing(cast, setup) -> None:
    observation = observation_save(
        visit=setup.visit, user=cast.sendco, data=_data(setup), base_version=0
    )
    stale = _data(setup, strengths="Typed in the other tab")
    # A second tab that also began before the record existed is stale now.
    with pytest.raises(VersionConflict) as error:
        observation_save(visit=setup.visit, user=cast.sendco, data=stale, base_version=0)
    assert error.value.current.strengths == "Warm welcome"
    assert error.value.current.version == 1
    observation.refresh_from_db()
    assert observation.strengths == "Warm welcome"


def test_only_an_observer_of_the_visit_keeps_a_record(cast, setup) -> None:
    with pytest.raises(PermissionError):
        observation_save(visit=setup.visit, user=cast.teacher, data=_data(setup), base_version=0)
    with pytest.raises(PermissionError):
        observation_enter_room(visit=setup.visit, user=cast.governor)
    assert not setup.visit.observations.exists()


def test_pupil_names_only_for_observers_who_may_see_them(cast, setup) -> None:
    assert capture_layout(visit=setup.visit, observer=cast.sendco).learners[0][0] == (
        cast.pupil.full_name
    )
    governor = make_user(cast.school, Role.GOVERNOR)
    assert capture_layout(visit=setup.visit, observer=governor).learners[0][0] == "Learner A"
    # teacher2 does not teach cast.group, so does not see its pupils' names.
    assert capture_layout(visit=setup.visit, observer=cast.teacher2).learners[0][0] == "Learner A"


def test_capture_lists_only_active_strategies_of_learners_with_send(cast, setup) -> None:
    setup.strategies[1].is_active = False
    setup.strategies[1].save()
    layout = capture_layout(visit=setup.visit, observer=cast.sendco)
    assert [row.strategy for row in layout.strategy_rows.values()] == [setup.strategies[0]]
    assert [a.title for a in layout.focus_areas] == ["Scaffolding for all", "Seating plans"]


def test_draft_is_built_from_the_observation_with_at_most_two_points(cast, setup) -> None:
    observation = completed(
        setup.visit, cast.sendco, even_better_if="One\nTwo\nThree", strengths="A\n\nB"
    )
    feedback = feedback_for(observation=observation, user=cast.sendco)
    assert feedback.pk is None
    assert feedback.point_lines == ["One", "Two"]
    assert feedback.strength_lines == ["A", "B"]


def test_feedback_versions_refuse_stale_saves(cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    feedback = feedback_for(observation=observation, user=cast.sendco)
    data = {"strengths": "A\nB", "points_to_develop": "C", "next_step": "D"}
    feedback = feedback_save(feedback=feedback, data=data, base_version=0)
    assert feedback.version == 1
    feedback = feedback_save(feedback=feedback, data={**data, "next_step": "E"}, base_version=1)
    with pytest.raises(VersionConflict) as error:
        feedback_save(feedback=feedback, data={**data, "next_step": "F"}, base_version=1)
    assert error.value.current.next_step == "E"
    # A second tab starting the first draft at the same time meets the first one.
    other = feedback_for(observation=completed(setup.visit, cast.slt), user=cast.slt)
    first = feedback_for(observation=other.observation, user=cast.slt)
    feedback_save(feedback=first, data=data, base_version=0)
    with pytest.raises(VersionConflict):
        feedback_save(feedback=other, data=data, base_version=0)


def test_release_needs_the_checks_or_a_reason(cast, setup) -> None:
    observation = completed(setup.visit, cast.sendco)
    feedback = Feedback.objects.create(
        observation=observation,
        strengths="A\nB\nC",
        points_to_develop="One\nTwo\nThree",
        next_step="Try a checklist",
        provision=Feedback.Provision.TIME,
        provide_by=timezone.localdate(),
    )
    with pytest.raises(ReleaseBlocked) as error:
        feedback_release(feedback=feedback, user=cast.sendco)
    assert "at_most_two_points" in {c.key for c in error.value.result.checks if not c.passed}
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.DRAFT
    feedback_release(feedback=feedback, user=cast.sendco, override_reason="Agreed with the teacher")
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.RELEASED
    assert feedback.override_reason == "Agreed with the teacher"
    assert feedback.released_by == cast.sendco


def test_a_passing_draft_releases_without_a_reason(cast, setup) -> None:
    feedback = Feedback.objects.create(
        observation=completed(setup.visit, cast.sendco),
        strengths="A\nB",
        points_to_develop="One",
        next_step="Try a checklist",
        provision=Feedback.Provision.TIME,
        provide_by=timezone.localdate(),
    )
    feedback_release(feedback=feedback, user=cast.sendco, override_reason="not needed")
    assert feedback.status == Feedback.Status.RELEASED
    assert feedback.override_reason == ""


def test_default_words_are_written_once(cast) -> None:
    words = school_words(school=cast.school)
    assert ("poor", words[[w for w, _ in words].index("poor")][1]) in words
    JudgementalWord.objects.filter(school=cast.school, word="poor").update(is_active=False)
    assert "poor" not in [w for w, _ in school_words(school=cast.school)]
    assert JudgementalWord.objects.filter(school=cast.school, word="poor").count() == 1
    assert school_words(school=cast.other_school)  # each school has its own list


def test_picture_counts_each_visit_once_with_the_fuller_rating(cast, setup) -> None:
    a, b = setup.focus
    first = completed(setup.visit, cast.sendco)
    second = completed(setup.visit, cast.slt)
    FocusEvidence.objects.create(observation=first, focus_area=a, rating=Evidence.PARTLY)
    FocusEvidence.objects.create(observation=second, focus_area=a, rating=Evidence.SEEN)
    other = completed(setup.visit2, cast.sendco, strengths="Good seating plan")
    FocusEvidence.objects.create(observation=other, focus_area=a, rating=Evidence.NOT_SEEN)
    FocusEvidence.objects.create(observation=other, focus_area=b, rating=Evidence.NOT_APPLICABLE)
    # A draft record is not counted.
    third = make_visit(setup.walk, _group_with_send(cast), observers=[cast.sendco])
    draft = make_observation(third, cast.sendco)
    FocusEvidence.objects.create(observation=draft, focus_area=a, rating=Evidence.NOT_SEEN)

    picture = picture_build(walks=LearningWalk.objects.filter(pk=setup.walk.pk), anonymise=False)
    share_a, share_b = picture.focus
    assert (share_a.seen, share_a.partly, share_a.not_seen, share_a.rated) == (1, 0, 1, 2)
    assert share_a.seen_share == 50
    assert (share_b.rated, share_b.not_applicable, share_b.seen_share) == (0, 1, None)
    assert picture.visits == 2
    assert picture.observations == 3
    themes = dict(picture.strength_themes)
    assert themes["Relationships and routines"] == 2
    assert themes["Seating and grouping"] == 1

    governor_view = picture_build(
        walks=LearningWalk.objects.filter(pk=setup.walk.pk), anonymise=True
    )
    assert governor_view.focus[0].counts["seen"] == "fewer than 5"
    assert governor_view.focus[0].seen_share is None
    assert governor_view.visits_display == "fewer than 5"


def _group_with_send(cast):
    from tests.factories import make_group

    return make_group(cast.school, teachers=[cast.teacher2], pupils=[make_pupil(cast.school)])


def test_walk_report_is_drafted_from_the_observations_without_names(cast, setup) -> None:
    a, b = setup.focus
    one = completed(setup.visit, cast.sendco)
    two = completed(setup.visit2, cast.sendco, even_better_if="Seating plan could use the profile")
    for observation, rating_a, rating_b in ((one, "seen", "not_seen"), (two, "seen", "not_seen")):
        FocusEvidence.objects.create(observation=observation, focus_area=a, rating=rating_a)
        FocusEvidence.objects.create(observation=observation, focus_area=b, rating=rating_b)
    StrategyCheck.objects.create(
        observation=one, pupil=cast.pupil, strategy=setup.strategies[0], result="not_seen"
    )
    note = released(one)
    note.agree_to_share("Calm start with clear routines")

    report = walk_report_draft(walk=setup.walk)
    assert "Scaffolding for all: seen in 2 of 2 visits" in report.strengths
    assert "\u201cCalm start with clear routines\u201d" in report.good_practice
    assert "Seating plans was not seen in 2 of 2 visits" in report.policy_changes
    assert "not seen in use in 1 of 1 check:" in report.closer_look
    text = " ".join(
        [report.strengths, report.good_practice, report.policy_changes, report.closer_look]
    )
    for name in (cast.teacher.last_name, cast.teacher2.last_name, cast.pupil.legal_last_name):
        assert name not in text
    # Asking again returns the same report, with the SENDCo's edits kept.
    report.strengths = "Edited"
    report.save()
    assert walk_report_draft(walk=setup.walk).strengths == "Edited"


def test_walk_report_says_each_line_once_in_plain_numbers(cast, setup) -> None:
    a, _ = setup.focus
    one = completed(setup.visit, cast.sendco, strengths="Calm start with clear routines")
    two = completed(setup.visit2, cast.slt, strengths="Praised effort warmly")
    FocusEvidence.objects.create(observation=one, focus_area=a, rating=Evidence.SEEN)
    released(one).agree_to_share("Calm start with clear routines")
    released(two).agree_to_share("  calm START with   clear routines ")

    report = walk_report_draft(walk=setup.walk)
    assert report.good_practice == "\u201cCalm start with clear routines\u201d"
    assert "Scaffolding for all: seen in 1 of 1 visit where it applied." in report.strengths
    assert "was noted as a strength twice." in report.strengths  # in both records
    text = " ".join([report.strengths, report.closer_look])
    assert "1 times" not in text and "2 times" not in text


def test_numbers_in_words() -> None:
    from sendit.lib.words import counted, times, unique_lines

    assert [times(n) for n in (1, 2, 3)] == ["once", "twice", "3 times"]
    assert [counted(n, "visit") for n in (1, 3)] == ["1 visit", "3 visits"]
    assert unique_lines(["A b", " a  B", "", "c"]) == ["A b", "c"]


def test_pupils_without_send_are_not_in_the_capture(cast, setup) -> None:
    pupil = make_pupil(cast.school, sen_status=SenStatus.NONE)
    cast.group.pupils.add(pupil)
    from tests.factories import make_profile

    make_profile(pupil, strategies=["Not for capture"])
    layout = capture_layout(visit=setup.visit, observer=cast.sendco)
    assert "Not for capture" not in [r.strategy.text for r in layout.strategy_rows.values()]
