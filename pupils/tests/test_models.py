from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pupils.models import (
    NEED_AREA,
    BroadArea,
    NeedType,
    PupilNeed,
    SenStatus,
    SenStatusChange,
    needs_in_area,
)
from tests.factories import make_pupil


def test_every_census_need_has_a_broad_area() -> None:
    assert set(NEED_AREA) == set(NeedType.values)
    assert NeedType.SLCN.label == "Speech, language and communication needs"
    assert set(needs_in_area(BroadArea.SENSORY_PHYSICAL)) == {"HI", "VI", "MSI", "PD"}


def test_primary_area_and_names(cast) -> None:
    pupil = make_pupil(
        cast.school, need=NeedType.VI, legal_first_name="Alexandra", preferred_name="Alex"
    )
    assert pupil.primary_area_label == "Sensory and/or physical"
    assert pupil.full_name == f"Alex {pupil.legal_last_name}"
    assert pupil.on_register
    need = PupilNeed.objects.get(pupil=pupil)
    assert (need.area_label, str(need)) == ("Sensory and/or physical", "1. Vision impairment")


def test_age_on_a_day(cast) -> None:
    pupil = make_pupil(cast.school, date_of_birth=date(2012, 5, 20))
    assert pupil.age_on(date(2026, 5, 19)) == (13, 11)
    assert pupil.age_on(date(2026, 5, 20)) == (14, 0)


def test_invalid_upn_is_refused_with_a_reason(cast) -> None:
    pupil = make_pupil(cast.school)
    pupil.upn = "A12345678901X"
    with pytest.raises(ValidationError) as caught:
        pupil.full_clean()
    assert "The check letter does not match" in str(caught.value)


def test_status_change_descriptions(cast) -> None:
    change = SenStatusChange(
        pupil=cast.pupil, from_status=SenStatus.NONE, to_status=SenStatus.EHC_PLAN
    )
    assert change.description == "Added to the register (EHC plan)"
