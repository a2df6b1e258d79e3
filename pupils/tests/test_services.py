from __future__ import annotations

from datetime import date

import pytest

from pupils.models import (
    NeedType,
    SenStatus,
    SenStatusChange,
    Strategy,
    TargetOutcome,
)
from pupils.services import (
    ProfileLine,
    next_review_default,
    profile_review_record,
    profile_save,
    pupil_sen_update,
)
from sendit.lib.versions import VersionConflict
from tests.factories import make_profile, make_pupil


@pytest.mark.parametrize(
    ("before", "after", "description"),
    [
        (SenStatus.NONE, SenStatus.SUPPORT, "Added to the register (SEN support)"),
        (SenStatus.SUPPORT, SenStatus.EHC_PLAN, "Moved to an EHC plan"),
        (SenStatus.EHC_PLAN, SenStatus.NONE, "Removed from the register"),
        (SenStatus.EHC_PLAN, SenStatus.SUPPORT, "Changed to SEN support"),
    ],
)
def test_each_status_change_is_kept_with_its_date(cast, before, after, description) -> None:
    pupil = make_pupil(cast.school, sen_status=before)
    change = pupil_sen_update(
        pupil=pupil,
        user=cast.sendco,
        sen_status=after,
        needs=[NeedType.MLD],
        changed_on=date(2026, 2, 1),
    )
    assert change is not None
    assert change.description == description
    assert change.changed_on == date(2026, 2, 1)
    pupil.refresh_from_db()
    assert pupil.sen_status == after
    assert pupil.primary_need == ("" if after == SenStatus.NONE else NeedType.MLD)


def test_needs_are_ranked_and_deduplicated(cast) -> None:
    change = pupil_sen_update(
        pupil=cast.pupil,
        user=cast.sendco,
        sen_status=SenStatus.SUPPORT,
        needs=[NeedType.SEMH, "", NeedType.ASD, NeedType.SEMH],
        changed_on=date(2026, 2, 1),
    )
    assert change is None
    assert not SenStatusChange.objects.exists()
    assert list(cast.pupil.needs.values_list("need", "rank")) == [("SEMH", 1), ("ASD", 2)]
    assert cast.pupil.primary_need == NeedType.SEMH


def test_profile_save_refuses_an_older_version_and_writes_nothing(cast) -> None:
    profile = make_profile(cast.pupil, strategies=["Keep"])
    with pytest.raises(VersionConflict) as caught:
        profile_save(
            pupil=cast.pupil,
            user=cast.sendco,
            version=profile.version - 1,
            about_me="Overwrite",
            strengths="",
            strategies=[ProfileLine(None, "New")],
            targets=[],
        )
    assert caught.value.current.pk == profile.pk
    profile.refresh_from_db()
    assert profile.about_me != "Overwrite"
    assert list(Strategy.objects.values_list("text", flat=True)) == ["Keep"]


def test_profile_save_bumps_the_version_and_keeps_ids_of_kept_lines(cast) -> None:
    profile = make_profile(cast.pupil, strategies=["A", "B"])
    a, b = profile.strategies.order_by("position")
    saved = profile_save(
        pupil=cast.pupil,
        user=cast.sendco,
        version=profile.version,
        about_me="x",
        strengths="y",
        strategies=[ProfileLine(b.pk, "B"), ProfileLine(None, "C")],
        targets=[],
    )
    assert saved.version == profile.version + 1
    b.refresh_from_db()
    a.refresh_from_db()
    assert (b.position, b.is_active, a.is_active) == (0, True, False)
    assert Strategy.objects.get(text="C").position == 1


def test_a_line_id_from_another_profile_is_treated_as_new(cast) -> None:
    other = make_profile(cast.pupil2, strategies=["Not yours"])
    foreign = other.strategies.get()
    profile_save(
        pupil=cast.pupil,
        user=cast.sendco,
        version=0,
        about_me="",
        strengths="",
        strategies=[ProfileLine(foreign.pk, "Hijack")],
        targets=[],
    )
    foreign.refresh_from_db()
    assert foreign.text == "Not yours"
    assert cast.pupil.profile.strategies.get().text == "Hijack"


def test_next_review_default_is_about_a_term_later() -> None:
    assert next_review_default(date(2026, 1, 12)) == date(2026, 4, 13)


def test_review_outcomes_only_for_the_pupils_own_targets(cast) -> None:
    profile = make_profile(cast.pupil, targets=["Mine"])
    other = make_profile(cast.pupil2, targets=["Theirs"])
    mine, theirs = profile.targets.get(), other.targets.get()
    review = profile_review_record(
        pupil=cast.pupil,
        user=cast.sendco,
        held_on=date(2026, 3, 1),
        assess="",
        plan="",
        do="",
        review="ok",
        next_review_on=None,
        outcomes={mine.pk: "met", theirs.pk: "not_met"},
    )
    assert review.next_review_on == date(2026, 5, 31)
    assert list(TargetOutcome.objects.values_list("target", "result")) == [(mine.pk, "met")]
