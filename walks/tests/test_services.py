from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pupils.models import SenStatus
from schools.models import Role, User
from tests.factories import (
    make_focus_area,
    make_group,
    make_pupil,
    make_user,
    make_visit,
    make_walk,
)
from walks.announcements import walk_announcement_send
from walks.models import FocusArea, LearningWalk
from walks.services import (
    DEFAULT_FOCUS_AREAS,
    external_observer_names,
    focus_library_ensure_defaults,
    visit_clashes,
    visit_suggestions,
    walk_announce,
    walk_observers_changed,
)
from walks.tests.helpers import assessment, at, concern, intervention_place

TODAY = date(2026, 11, 23)  # a Monday in the autumn term


# Focus library ----------------------------------------------------------------------


def test_defaults_cover_the_policy_and_are_added_once(cast) -> None:
    created = focus_library_ensure_defaults(school=cast.school)
    titles = {area.title for area in created}
    assert len(created) == len(DEFAULT_FOCUS_AREAS) == 7
    assert {"Whole-school strategies", "Seating and grouping", "Working towards targets"} <= titles
    assert all(area.prompt.endswith("?") for area in created)
    assert focus_library_ensure_defaults(school=cast.school) == []
    assert FocusArea.objects.filter(school=cast.school).count() == 7
    assert not FocusArea.objects.filter(school=cast.other_school).exists()


def test_a_school_that_made_its_library_gets_no_defaults(cast) -> None:
    make_focus_area(cast.school, "Our own", is_retired=True)
    assert focus_library_ensure_defaults(school=cast.school) == []


def test_external_observer_names() -> None:
    assert external_observer_names("Dr Ames (EP), Ms Roy; Mr Lee\n ") == [
        "Dr Ames (EP)",
        "Ms Roy",
        "Mr Lee",
    ]
    assert external_observer_names("") == []


# Counts and clashes -----------------------------------------------------------------


def test_clashes_find_overlaps_across_walks(cast) -> None:
    walk = make_walk(cast.school, observers=[cast.sendco, cast.slt], starts_on=TODAY)
    other_walk = make_walk(cast.school, observers=[cast.sendco], starts_on=TODAY)
    busy = make_visit(other_walk, cast.group, starts_at=at(TODAY, 9, 0), minutes=20)
    # 09:10 overlaps 09:00-09:20 for the SENDCo, not for the senior leader.
    clashes = visit_clashes(
        observers=[cast.sendco, cast.slt], starts_at=at(TODAY, 9, 10), minutes=15
    )
    assert clashes == {cast.sendco: busy}
    # Back to back is fine.
    assert visit_clashes(observers=[cast.sendco], starts_at=at(TODAY, 9, 20), minutes=15) == {}
    assert visit_clashes(observers=[cast.sendco], starts_at=at(TODAY, 8, 45), minutes=15) == {}
    # A visit does not clash with itself when edited.
    assert (
        visit_clashes(
            observers=[cast.sendco], starts_at=at(TODAY, 9, 5), minutes=15, exclude_pk=busy.pk
        )
        == {}
    )
    assert walk.pk  # the new visit would belong to a different walk


def test_leaving_a_walk_takes_the_observer_off_its_visits(cast) -> None:
    walk = make_walk(cast.school, observers=[cast.sendco, cast.slt], starts_on=TODAY)
    visit = make_visit(walk, cast.group)
    walk.observers.set([cast.sendco])
    walk_observers_changed(walk=walk)
    assert list(visit.observers.all()) == [cast.sendco]


# Announcing ---------------------------------------------------------------------------


def test_announcing_emails_all_staff_once_without_naming_classes(
    cast, django_capture_on_commit_callbacks
) -> None:
    focus = make_focus_area(cast.school, "Seating", prompt="Who sits where, and why?")
    walk = make_walk(
        cast.school,
        title="Spring walk week",
        focus_areas=[focus],
        observers=[cast.sendco],
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 5),
        purpose=LearningWalk.Purpose.DEVELOPMENT,
    )
    make_visit(walk, cast.group)
    with django_capture_on_commit_callbacks(execute=True):
        walk_announce(walk=walk, upcoming_url="http://testserver/walks/upcoming/")
        assert mail.outbox == []  # nothing goes before the commit
    walk.refresh_from_db()
    assert walk.state == LearningWalk.State.ANNOUNCED
    assert walk.announcement_emailed_at is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    school_emails = sorted(u.email for u in User.objects.in_school(cast.school))
    assert recipients == school_emails
    assert cast.other_sendco.email not in recipients
    message = mail.outbox[0]
    assert "Spring walk week" in message.subject
    assert "Monday 1 March" in message.subject
    for text in [
        "Development",
        "Seating: Who sits where, and why?",
        "http://testserver/walks/upcoming/",
    ]:
        assert text in message.body
    assert "1 March 2027" in message.body and "5 March 2027" in message.body
    for secret in [cast.group.code, cast.teacher.last_name]:
        assert secret not in message.body and secret not in message.subject
    # A redelivered task sends nothing more.
    assert walk_announcement_send(walk=walk, upcoming_url="x") == 0
    assert len(mail.outbox) == len(school_emails)


def test_announcing_twice_is_refused(cast) -> None:
    walk = make_walk(cast.school, state=LearningWalk.State.ANNOUNCED)
    from walks.models import WalkStateError

    with pytest.raises(WalkStateError):
        walk_announce(walk=walk, upcoming_url="x")


# Planning help --------------------------------------------------------------------------


def _school_with_data(cast, extra_groups: int = 0):
    """cast.group: learners with SEND; concerns, bright spots and unvisited teachers around it."""
    school = cast.school
    send_pupils = [make_pupil(school) for _ in range(4)] + [
        make_pupil(school, sen_status=SenStatus.EHC_PLAN)
    ]
    busy = make_group(school, teachers=[cast.teacher2], pupils=send_pupils, subject="Science")
    # A concern raised in cast.group, one about a pupil of busy, one too old.
    concern(cast.pupil, raised_by=cast.ta, noticed_on=TODAY - timedelta(days=10), group=cast.group)
    concern(send_pupils[0], raised_by=cast.teacher2, noticed_on=TODAY - timedelta(days=20))
    concern(cast.pupil2, raised_by=cast.teacher2, noticed_on=TODAY - timedelta(weeks=7))
    # Bright spots: a good score, a reading age above the pupil's age, a gain.
    assessment(send_pupils[1], taken_on=TODAY - timedelta(days=30), score=104)
    assessment(
        send_pupils[2], taken_on=TODAY - timedelta(days=30), reading_age=14 * 12
    )  # aged 13y9m
    assessment(send_pupils[3], taken_on=TODAY - timedelta(days=30), score=85, reading_age=100)
    intervention_place(cast.pupil, ends_on=TODAY - timedelta(days=5), entry=80, exit=92)
    for _ in range(extra_groups):
        teacher = make_user(school, Role.TEACHER, department="History")
        pupils = [make_pupil(school) for _ in range(2)]
        make_group(school, teachers=[teacher], pupils=pupils, subject="History")
        concern(pupils[0], raised_by=teacher, noticed_on=TODAY - timedelta(days=3))
        assessment(pupils[1], taken_on=TODAY - timedelta(days=3), score=110)
    return busy


def test_suggestions_give_each_kind_with_its_reason(cast) -> None:
    busy = _school_with_data(cast)
    walk = make_walk(cast.school, starts_on=TODAY + timedelta(days=7), observers=[cast.sendco])
    # teacher2 has had a visit this year; teacher has not.
    earlier = make_walk(cast.school, starts_on=TODAY - timedelta(days=14))
    make_visit(earlier, cast.group2)

    planning = visit_suggestions(walk=walk, today=TODAY)

    assert planning.limit == 3
    first = planning.many_send[0]
    assert first.group == busy
    assert first.reason == "5 learners with SEND, 1 with an EHC plan."
    assert first.teacher == cast.teacher2 and first.observations == 1

    concerns = {s.group: s.reason for s in planning.concerns}
    assert concerns[cast.group] == "1 concern raised in this class in the last 6 weeks."
    assert concerns[busy] == "1 concern about pupils in it in the last 6 weeks."
    assert cast.group2 not in concerns  # that concern is 7 weeks old

    bright = {s.group: s.reason for s in planning.bright_spots}
    assert bright[busy] == (
        "2 learners with SEND doing well: 2 at or above the expected level in recent tests."
    )
    assert bright[cast.group] == (
        "1 learner with SEND doing well: 1 making progress in an intervention."
    )

    not_visited = {s.teacher: s for s in planning.not_visited}
    assert cast.teacher in not_visited and cast.teacher2 not in not_visited
    assert not_visited[cast.teacher].group == cast.group
    assert "has no visit yet this school year" in not_visited[cast.teacher].reason


def test_suggestions_skip_classes_already_on_the_walk(cast) -> None:
    busy = _school_with_data(cast)
    walk = make_walk(cast.school, starts_on=TODAY + timedelta(days=7), observers=[cast.sendco])
    make_visit(walk, busy)
    planning = visit_suggestions(walk=walk, today=TODAY)
    for _, _, suggestions in planning.kinds:
        assert busy not in {s.group for s in suggestions}


def _suggestion_queries(cast, extra_groups: int) -> int:
    _school_with_data(cast, extra_groups=extra_groups)
    walk = make_walk(cast.school, starts_on=TODAY + timedelta(days=7), observers=[cast.sendco])
    walk = LearningWalk.objects.select_related("school").get(pk=walk.pk)
    with CaptureQueriesContext(connection) as queries:
        planning = visit_suggestions(walk=walk, today=TODAY)
        for _, _, suggestions in planning.kinds:
            [s.reason for s in suggestions]
    return len(queries)


def test_suggestions_take_the_same_number_of_queries_for_any_school_size(cast) -> None:
    few = _suggestion_queries(cast, extra_groups=0)
    many = _suggestion_queries(cast, extra_groups=25)
    assert few == many
    assert few <= 11  # the walk's focus areas (which order the kinds) are one of them


def test_suggestions_spread_across_year_groups(cast) -> None:
    # Four year 10 classes share the same six learners with SEND (one form,
    # four subjects); a year 11 class has fewer but still shows.
    form = [make_pupil(cast.school, year_group=10) for _ in range(6)]
    for subject in ["Art", "French", "History", "PE"]:
        make_group(
            cast.school, teachers=[cast.teacher2], pupils=form, year_group=10, subject=subject
        )
    year11 = make_group(
        cast.school,
        teachers=[cast.teacher],
        pupils=[make_pupil(cast.school, year_group=11) for _ in range(2)],
        year_group=11,
    )
    walk = make_walk(cast.school, starts_on=TODAY + timedelta(days=7))
    suggested = [s.group for s in visit_suggestions(walk=walk, today=TODAY).many_send]
    assert [g.year_group for g in suggested[:2]] == [10, 10]
    assert year11 in suggested[:4]
    assert len(suggested) == 6  # topped up from the remaining classes


def test_the_task_emails_once_and_ignores_a_deleted_walk(cast) -> None:
    from walks.tasks import email_walk_announcement

    walk = make_walk(cast.school, state=LearningWalk.State.ANNOUNCED)
    email_walk_announcement.delay(walk.pk, "http://testserver/walks/upcoming/")
    sent = len(mail.outbox)
    assert sent == User.objects.in_school(cast.school).count()
    email_walk_announcement.delay(walk.pk, "http://testserver/walks/upcoming/")
    assert len(mail.outbox) == sent
    email_walk_announcement.delay(walk.pk + 1000, "x")  # gone: nothing happens
    assert len(mail.outbox) == sent


# Planning help follows the walk's year groups, purpose and focus --------------------------


def _with_send(cast, year_group: int, send: int, ehcp: int = 0, subject: str = "English"):
    pupils = [make_pupil(cast.school, year_group=year_group) for _ in range(send - ehcp)] + [
        make_pupil(cast.school, year_group=year_group, sen_status=SenStatus.EHC_PLAN)
        for _ in range(ehcp)
    ]
    teacher = make_user(cast.school, Role.TEACHER, department=subject)
    return make_group(
        cast.school, teachers=[teacher], pupils=pupils, year_group=year_group, subject=subject
    )


def test_a_walk_on_year_9_suggests_only_year_9_classes(cast) -> None:
    year9 = [_with_send(cast, 9, 3), _with_send(cast, 9, 1)]
    year10 = _with_send(cast, 10, 6)
    walk = make_walk(cast.school, starts_on=TODAY, year_groups=[9])
    planning = visit_suggestions(walk=walk, today=TODAY)
    suggested = [s.group for _, _, suggestions in planning.kinds for s in suggestions]
    assert suggested and {g.year_group for g in suggested} == {9}
    assert [s.group for s in planning.many_send] == year9
    assert year10 not in planning.suggested_groups()
    assert planning.suggested_groups()[0] == year9[0]
    # A walk for the whole school suggests year 10's class first.
    whole = make_walk(cast.school, starts_on=TODAY)
    assert visit_suggestions(walk=whole, today=TODAY).many_send[0].group == year10


def test_the_purpose_and_focus_order_the_suggestions(cast) -> None:
    many = _with_send(cast, 9, 5)
    plans = _with_send(cast, 9, 2, ehcp=2)

    def planning_for(category, purpose=LearningWalk.Purpose.MONITORING):
        area = make_focus_area(cast.school, category=category)
        walk = make_walk(cast.school, starts_on=TODAY, focus_areas=[area], purpose=purpose)
        return visit_suggestions(walk=walk, today=TODAY), area

    outcomes, area = planning_for(FocusArea.Category.OUTCOMES)
    assert outcomes.order[0] == "many-send"
    assert [s.group for s in outcomes.many_send][:2] == [plans, many]  # EHC plans first
    assert outcomes.why == (
        f"{area.title} is best seen where learners have EHC plans, so classes with many "
        "learners with SEND come first. Classes with more learners with EHC plans are "
        "listed higher."
    )
    individual, _ = planning_for(FocusArea.Category.INDIVIDUAL)
    assert [s.group for s in individual.many_send][:2] == [many, plans]
    professional, _ = planning_for(FocusArea.Category.PROFESSIONAL)
    assert professional.order[0] == "concerns"
    whole, _ = planning_for(FocusArea.Category.WHOLE_SCHOOL)
    assert [key for key, _, _ in whole.kinds][0] == "not-visited"
    good, area = planning_for(FocusArea.Category.INDIVIDUAL, LearningWalk.Purpose.GOOD_PRACTICE)
    assert good.order == ["bright-spots", "many-send", "concerns", "not-visited"]
    assert good.why.startswith(
        "This walk shares good practice, so bright spots: learners with SEND doing well come first."
    )
