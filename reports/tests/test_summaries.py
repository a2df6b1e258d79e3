from __future__ import annotations

from django.urls import reverse

from pupils.models import NeedType, Pupil, SenStatus
from tests.factories import make_pupil


def test_governor_summary_shows_numbers_and_no_names(cast, client) -> None:
    for _ in range(6):
        make_pupil(cast.school, need=NeedType.SPLD)
    client.force_login(cast.governor)
    response = client.get(reverse("reports:summaries"))
    text = response.content.decode()
    assert response.status_code == 200
    for pupil in Pupil.objects.filter(school=cast.school):
        assert pupil.legal_last_name not in text
    for person in (cast.teacher, cast.teacher2, cast.sendco):
        assert person.last_name not in text
    rows = dict(response.context["status_rows"])
    assert rows["SEN support"] == "8"  # 6 here and the cast's two
    assert rows["EHC plan"] == "0"


def test_a_lone_small_area_cannot_be_recovered_by_subtraction(cast, client) -> None:
    # cast: one ASD (communication) and one SEMH pupil; add enough cognition.
    for _ in range(7):
        make_pupil(cast.school, need=NeedType.SPLD)
    for _ in range(5):
        make_pupil(cast.school, need=NeedType.HI, sen_status=SenStatus.EHC_PLAN)
    client.force_login(cast.governor)
    areas = dict(client.get(reverse("reports:summaries")).context["area_rows"])
    assert areas["Communication and interaction"] == "fewer than 5"
    assert areas["Social, emotional and mental health"] == "fewer than 5"
    assert areas["Cognition and learning"] == "7"
    assert areas["Sensory and/or physical"] == "5"


def test_one_more_area_is_withheld_when_only_one_is_small(cast, client) -> None:
    # cast: one ASD pupil (communication, the lone small area) and one SEMH.
    for need, n in ((NeedType.SEMH, 4), (NeedType.SPLD, 7), (NeedType.HI, 5)):
        for _ in range(n):
            make_pupil(cast.school, need=need)
    client.force_login(cast.governor)
    areas = dict(client.get(reverse("reports:summaries")).context["area_rows"])
    assert areas["Communication and interaction"] == "fewer than 5"
    assert list(areas.values()).count("not shown") == 1
    assert areas["Cognition and learning"] == "7"
