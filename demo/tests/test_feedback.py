from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from feedback.models import Feedback, FeedbackReply, JudgementalWord, Observation, WalkReport
from schools.roles import FEEDBACK_WRITERS
from walks.models import LearningWalk


def _counts() -> tuple[int, ...]:
    return (
        Observation.objects.count(),
        Feedback.objects.count(),
        FeedbackReply.objects.count(),
        WalkReport.objects.count(),
        JudgementalWord.objects.count(),
    )


def test_seed_gives_teacher_a_released_note_and_teacher2_none(db) -> None:
    call_command("seed_demo", verbosity=0)
    completed = LearningWalk.objects.filter(school__slug="demo", state="completed")
    assert completed.exists()
    observations = Observation.objects.filter(visit__walk__in=completed)
    assert observations.exists()
    assert not observations.exclude(status=Observation.Status.COMPLETED).exists()
    mine = Feedback.objects.filter(
        observation__visit__teacher__email="teacher@demo.test", status=Feedback.Status.RELEASED
    )
    assert mine.exists()
    assert FeedbackReply.objects.filter(
        feedback__in=mine, author__email="teacher@demo.test"
    ).exists()
    assert not Feedback.objects.filter(
        observation__visit__teacher__email="teacher2@demo.test"
    ).exists()
    assert (
        Feedback.objects.filter(status=Feedback.Status.RELEASED).count()
        > Feedback.objects.filter(status=Feedback.Status.DRAFT).count()
    )
    assert WalkReport.objects.filter(status=WalkReport.Status.PUBLISHED).exists()
    assert JudgementalWord.objects.filter(school__slug="demo", word="poor").exists()


def test_seed_is_idempotent(db) -> None:
    call_command("seed_demo", verbosity=0)
    first = _counts()
    versions = list(WalkReport.objects.values_list("version", flat=True))
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    assert list(WalkReport.objects.values_list("version", flat=True)) == versions


def test_seed_records_nothing_early_and_governors_never_write_feedback(db) -> None:
    call_command("seed_demo", verbosity=0)
    records = list(Observation.objects.select_related("visit", "observer"))
    for record in records:
        if record.is_completed:
            assert timezone.localtime(record.completed_at).date() >= record.visit.day
        assert record.visit.day_has_come() or record.status == Observation.Status.DRAFT
    notes = Feedback.objects.select_related("observation__visit", "drafted_by", "released_by")
    assert notes.exists()
    for note in notes:
        assert note.drafted_by.has_role(*FEEDBACK_WRITERS)
        assert not note.drafted_by.is_governor
        if note.is_released:
            assert note.released_by.has_role(*FEEDBACK_WRITERS)
            assert note.observation.visit.day <= timezone.localtime(note.released_at).date()
            assert note.released_at <= timezone.now()
    # One record keeps flagged wording, with the reason the SENDCo reads.
    kept = [r for r in records if r.wording_reason]
    assert len(kept) == 1 and "must" in kept[0].even_better_if and kept[0].is_completed
