from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from pupils.models import ProfileReview, TargetOutcome
from tests.factories import make_profile

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def profile(cast):
    return make_profile(cast.pupil, targets=["Read a page aloud", "Use the help card"])


def _url(pupil) -> str:
    return reverse("pupils:review_add", args=[pupil.pk])


def _data(profile, **extra) -> dict:
    first, second = profile.targets.order_by("position")
    return {
        "held_on": "2026-03-09",
        "assess": "Reading age up four months",
        "plan": "Keep paired reading",
        "do": "TA twice a week",
        "review": "Good progress",
        "next_review_on": "",
        f"target_{first.pk}": "met",
        f"target_{second.pk}": "partly",
    } | extra


def test_form_offers_each_active_target_and_a_next_review_a_term_on(cast, client, profile):
    client.force_login(cast.sendco)
    response = client.get(_url(cast.pupil))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Read a page aloud" in text and "Use the help card" in text
    assert response.context["form"].initial["next_review_on"] == date(2026, 6, 9)
    assert response.context["form"].initial["held_on"] == TODAY


def test_recording_a_review_keeps_it_with_each_targets_outcome(cast, client, profile):
    client.force_login(cast.sendco)
    response = client.post(_url(cast.pupil), _data(profile))
    assert response.status_code == 302
    review = ProfileReview.objects.get(pupil=cast.pupil)
    assert review.held_on == date(2026, 3, 9)
    assert review.next_review_on == date(2026, 6, 8)  # left empty: 13 weeks on
    assert review.recorded_by == cast.sendco
    assert (review.assess, review.plan, review.do, review.review) == (
        "Reading age up four months",
        "Keep paired reading",
        "TA twice a week",
        "Good progress",
    )
    outcomes = {o.target.text: o.result for o in review.outcomes.select_related("target")}
    assert outcomes == {
        "Read a page aloud": TargetOutcome.Result.MET,
        "Use the help card": TargetOutcome.Result.PARTLY,
    }


def test_reviews_are_separate_records_listed_newest_first(cast, client, profile):
    client.force_login(cast.sendco)
    client.post(_url(cast.pupil), _data(profile, held_on="2025-11-03", review="Autumn review"))
    client.post(_url(cast.pupil), _data(profile, held_on="2026-03-02", review="Spring review"))
    assert ProfileReview.objects.filter(pupil=cast.pupil).count() == 2
    text = client.get(reverse("pupils:pupil", args=[cast.pupil.pk])).content.decode()
    assert text.index("Spring review") < text.index("Autumn review")
    assert "Partly met" in text


def test_every_target_needs_an_outcome_and_bad_input_is_kept(cast, client, profile):
    first, second = profile.targets.order_by("position")
    client.force_login(cast.sendco)
    data = _data(profile, next_review_on="2026-01-01", plan="keep this plan")
    del data[f"target_{second.pk}"]
    response = client.post(_url(cast.pupil), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Use the help card: Say whether this target was met, partly met or not met." in text
    assert "The next review must come after this one." in text
    assert "keep this plan" in text
    assert not ProfileReview.objects.exists()


def test_a_review_cannot_be_in_the_future_or_empty(cast, client, profile):
    client.force_login(cast.sendco)
    data = _data(profile, held_on="2026-03-11", assess="", plan="", do="", review="")
    text = client.post(_url(cast.pupil), data).content.decode()
    assert "A review is recorded once it has been held." in text
    assert "Write at least one of assess, plan, do or review." in text


def test_a_review_without_targets(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.post(
        _url(cast.pupil),
        {"held_on": "2026-03-01", "review": "First meeting", "next_review_on": "2026-06-01"},
    )
    assert response.status_code == 302
    assert ProfileReview.objects.get().next_review_on == date(2026, 6, 1)


def test_review_needs_sign_in(cast, client) -> None:
    response = client.get(_url(cast.pupil))
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("who", ["slt", "teacher", "ta", "governor", "other_sendco"])
def test_only_this_schools_sendco_records_reviews(cast, client, profile, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(_url(cast.pupil)).status_code == 404
    assert client.post(_url(cast.pupil), _data(profile)).status_code == 404
    assert not ProfileReview.objects.exists()


def test_teachers_do_not_see_reviews_on_the_pupil_page(cast, client, profile) -> None:
    client.force_login(cast.sendco)
    client.post(_url(cast.pupil), _data(profile, review="Private review notes"))
    client.force_login(cast.teacher)
    text = client.get(reverse("pupils:pupil", args=[cast.pupil.pk])).content.decode()
    assert "Private review notes" not in text
