from __future__ import annotations

from django.core.management import call_command

from feedback.models import Feedback, FeedbackReply, JudgementalWord, Observation, WalkReport
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
