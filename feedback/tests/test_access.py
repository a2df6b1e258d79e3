"""feedback/access.py called directly: for each lookup, what each of the cast sees."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.http import Http404
from django.utils import timezone

from feedback import access
from feedback.models import Feedback, JudgementalWord, WalkReport
from feedback.tests.conftest import completed, released

ROLES = ["sendco", "slt", "teacher", "teacher2", "ta", "governor", "school_admin", "other_sendco"]
NOTHING: set[int] = set()


@dataclass
class Records:
    by_sendco: int  # visit (teacher's class), released and shared
    by_slt: int  # visit, no feedback yet
    by_slt2: int  # visit2 (teacher2's class), draft feedback
    by_governor: int  # visit2
    released: int
    draft: int
    report: int
    word: int


@pytest.fixture
def records(cast, setup) -> Records:
    setup.visit2.observers.add(cast.governor)
    by_sendco = completed(setup.visit, cast.sendco)
    by_slt2 = completed(setup.visit2, cast.slt)
    note = released(by_sendco, share_agreed_at=timezone.now(), shared_strength="Calm start")
    draft = Feedback.objects.create(observation=by_slt2, status=Feedback.Status.DRAFT)
    report = WalkReport.objects.create(walk=setup.walk, status=WalkReport.Status.PUBLISHED)
    word = JudgementalWord.objects.create(school=cast.school, word="lazy")
    return Records(
        by_sendco=by_sendco.pk,
        by_slt=completed(setup.visit, cast.slt).pk,
        by_slt2=by_slt2.pk,
        by_governor=completed(setup.visit2, cast.governor).pk,
        released=note.pk,
        draft=draft.pk,
        report=report.pk,
        word=word.pk,
    )


def _seen(lookup, user, *args) -> set[int] | None:
    try:
        return set(lookup(user, *args).values_list("pk", flat=True))
    except Http404:
        return None


def _check(cast, expected: dict[str, set[int] | None], lookup, *args) -> None:
    for role in ROLES:
        assert _seen(lookup, getattr(cast, role), *args) == expected[role], role


def test_observations_by_role(cast, setup, records) -> None:
    everything = {records.by_sendco, records.by_slt, records.by_slt2, records.by_governor}
    mine = dict.fromkeys(ROLES, NOTHING) | {
        "sendco": {records.by_sendco},
        "slt": {records.by_slt, records.by_slt2},
        "governor": {records.by_governor},
    }
    _check(cast, mine, access.own_observations)
    leaders = dict.fromkeys(ROLES) | {
        "sendco": everything,
        "slt": everything,
        "other_sendco": NOTHING,
    }
    _check(cast, leaders, access.observations_for_leaders)
    # The SENDCo drafts from any record; other staff observers from their own;
    # governors and other professionals from none.
    to_draft = dict.fromkeys(ROLES, NOTHING) | {
        "sendco": everything,
        "slt": {records.by_slt, records.by_slt2},
    }
    _check(cast, to_draft, access.observations_to_draft)
    both = {setup.visit.pk, setup.visit2.pk}
    observing = dict.fromkeys(ROLES, NOTHING) | {
        "sendco": both,
        "slt": both,
        "governor": {setup.visit2.pk},
    }
    _check(cast, observing, access.visits_to_observe)


def test_teachers_read_only_released_notes_of_their_own_visits(cast, setup, records) -> None:
    notes = dict.fromkeys(ROLES, NOTHING) | {"teacher": {records.released}}
    _check(cast, notes, access.released_notes_for_teacher)
    visit_records = dict.fromkeys(ROLES, NOTHING) | {"teacher": {records.by_sendco}}
    _check(cast, visit_records, access.released_records_of_visit, setup.visit)
    # teacher2's note is a draft: nothing of visit2 reaches anyone as a teacher.
    _check(cast, dict.fromkeys(ROLES, NOTHING), access.released_records_of_visit, setup.visit2)


def test_shared_practice_reports_and_words(cast, setup, records) -> None:
    staff = ("sendco", "slt", "teacher", "teacher2", "ta", "school_admin")
    shared = dict.fromkeys(ROLES) | dict.fromkeys(staff, {records.released})
    _check(cast, shared | {"other_sendco": NOTHING}, access.shared_good_practice)
    reports = dict.fromkeys(ROLES) | dict.fromkeys(staff, {records.report})
    _check(cast, reports | {"other_sendco": NOTHING}, access.published_reports)
    to_report = dict.fromkeys(ROLES) | {"sendco": {setup.walk.pk}, "other_sendco": NOTHING}
    _check(cast, to_report, access.walks_to_report)
    words = dict.fromkeys(ROLES) | {"sendco": {records.word}, "other_sendco": NOTHING}
    _check(cast, words, access.judgemental_words_for)
