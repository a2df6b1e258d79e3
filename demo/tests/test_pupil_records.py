from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from pupils.models import ProfileReview, Pupil, PupilProfile, SenStatus, Strategy, TargetOutcome


def _fingerprint() -> list[tuple]:
    return list(
        PupilProfile.objects.order_by("pupil__mis_id").values_list(
            "pupil__mis_id", "about_me", "strengths", "version"
        )
    ) + [(Strategy.objects.count(), ProfileReview.objects.count(), TargetOutcome.objects.count())]


@pytest.fixture
def seeded(db) -> None:
    call_command("seed_demo", verbosity=0)


def test_every_pupil_on_the_demo_register_has_a_profile(seeded) -> None:
    register = Pupil.objects.filter(school__slug="demo").exclude(sen_status=SenStatus.NONE)
    counts = register.annotate(
        strategy_count=Count("profile__strategies", distinct=True),
        target_count=Count("profile__targets", distinct=True),
        review_count=Count("reviews", distinct=True),
    )
    assert not register.filter(profile__isnull=True).exists()
    assert all(3 <= p.strategy_count <= 5 for p in counts)
    assert all(2 <= p.target_count <= 3 for p in counts)
    reviewed = [p for p in counts if p.review_count]
    assert len(reviewed) > len(counts) / 2
    assert all(1 <= p.review_count <= 3 for p in reviewed)
    # Text varies from pupil to pupil.
    abouts = set(PupilProfile.objects.values_list("about_me", flat=True))
    assert len(abouts) > 0.9 * register.count()
    # Each review records an outcome for each of the pupil's targets.
    review = ProfileReview.objects.annotate(n=Count("outcomes")).filter(~Q(n=0)).first()
    assert review.n == review.pupil.profile.targets.count()


def test_seeding_again_changes_nothing(seeded) -> None:
    before = _fingerprint()
    call_command("seed_demo", verbosity=0)
    assert _fingerprint() == before
