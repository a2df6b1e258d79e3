from __future__ import annotations

import re

from django.urls import reverse

from pupils.models import NeedType, Pupil, SenStatus
from tests.factories import make_pupil
from tests.recover import recovered


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


# Every figure of the page and how they add up, as a reader knows them.
RELATIONS = [
    ("all", ["none", "K", "E"]),
    ("register", ["K", "E"]),
    ("register", ["ci", "cl", "semh", "sp", "other"]),
]
AREA_KEYS = {
    "Communication and interaction": "ci",
    "Cognition and learning": "cl",
    "Social, emotional and mental health": "semh",
    "Sensory and/or physical": "sp",
    "Other or not yet assessed": "other",
}
NEED_OF = {"ci": NeedType.ASD, "cl": NeedType.SPLD, "semh": NeedType.SEMH, "sp": NeedType.HI}


def _rows(table: str) -> dict[str, str]:
    return dict(re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", table))


def _page_figures(html: str) -> dict[str, str | None]:
    """What the governor reads, taken from the rendered tables."""
    main = html.split("<main", 1)[1]
    status_table, area_table = main.split("<table", 3)[1:3]
    status, areas = _rows(status_table), _rows(area_table)
    # The register total is in both tables and must read the same in each.
    assert status["On the SEND register"] == areas["On the SEND register"]
    figures: dict[str, str | None] = {
        "K": status["SEN support"],
        "E": status["EHC plan"],
        "register": status["On the SEND register"],
        "all": status["All pupils in the school"],
        "none": None,  # never shown, but a reader may work it out
    }
    figures |= {key: areas[label] for label, key in AREA_KEYS.items()}
    return figures


def _scenarios():
    """(pupils per (status, area), pupils with no SEN): a count of 1 to 4 in every position."""
    base = {("K", "ci"): 6, ("K", "cl"): 9, ("K", "semh"): 5, ("E", "sp"): 5, ("E", "cl"): 2}
    for small in (1, 2, 3, 4):
        for area in ("ci", "cl", "semh", "sp", "other"):  # one area small
            cells = {k: v for k, v in base.items() if k[1] != area}
            yield cells | {("K", area): small}, 6
        yield {k: v for k, v in base.items() if k[0] == "K"} | {("E", "ci"): small}, 6  # EHC
        yield {k: v for k, v in base.items() if k[0] == "E"} | {("K", "cl"): small}, 6  # support
        yield {("K", "semh"): small}, 7  # a row of zeros next to one hidden area, small register
        yield base, small  # pupils with no SEN, worked out from the total
        yield {("K", "ci"): small, ("E", "cl"): 1}, 5 - small  # the whole school small


def test_no_small_count_can_be_worked_out_from_the_summaries(cast, client) -> None:
    # The cast's own pupils leave the register so that each scenario sets every count.
    Pupil.objects.filter(school=cast.school).update(sen_status=SenStatus.NONE, primary_need="")
    client.force_login(cast.governor)
    checked = 0
    for cells, none in _scenarios():
        Pupil.objects.filter(school=cast.school).exclude(
            pk__in=[cast.pupil.pk, cast.pupil2.pk]
        ).exclude(pk__in=cast.group.pupils.values("pk")).delete()
        extra_none = none - Pupil.objects.filter(school=cast.school).count()
        truth = dict.fromkeys(["K", "E", *AREA_KEYS.values()], 0)
        for (status, area), n in cells.items():
            for _ in range(n):
                make_pupil(
                    cast.school,
                    sen_status=SenStatus.SUPPORT if status == "K" else SenStatus.EHC_PLAN,
                    need=NEED_OF.get(area, ""),
                )
            truth[status] += n
            truth[area] += n
        for _ in range(max(extra_none, 0)):
            make_pupil(cast.school, sen_status=SenStatus.NONE)
        truth["register"] = truth["K"] + truth["E"]
        truth["none"] = Pupil.objects.filter(school=cast.school, sen_status=SenStatus.NONE).count()
        truth["all"] = truth["none"] + truth["register"]
        shown = _page_figures(client.get(reverse("reports:summaries")).content.decode())
        for key, text in shown.items():
            assert text in (None, "fewer than 5", "not shown", str(truth[key])), (key, text)
        assert recovered(shown, truth, RELATIONS) == {}, (cells, none, shown)
        checked += 1
    assert checked == 40


def test_the_intro_fits_the_reader(cast, client) -> None:
    client.force_login(cast.governor)
    text = client.get(reverse("reports:summaries")).content.decode()
    assert "<h1>SEND summaries</h1>" in text and "governors see" not in text
    for leader in (cast.slt, cast.sendco):
        client.force_login(leader)
        text = client.get(reverse("reports:summaries")).content.decode()
        assert "<h1>Governor summaries</h1>" in text
        assert "the figures governors see" in text
