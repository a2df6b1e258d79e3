from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import RecordRead
from pupils.models import NeedType, PupilNeed, SenStatus
from sendit.lib.spreadsheets import csv_safe
from tests.factories import make_pupil

URL = reverse("pupils:register")
CSV_URL = reverse("pupils:register_csv")


def _names(response) -> list[str]:
    return [p.legal_last_name for p in response.context["page"].object_list]


def test_register_lists_pupils_on_the_register_only(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(URL)
    assert response.status_code == 200
    names = _names(response)
    assert set(names) == {"Visited", "Elsewhere"}  # the pupil without SEN is left off
    assert cast.other_pupil.legal_last_name not in names
    assert f'href="{reverse("pupils:pupil", args=[cast.pupil.pk])}"' in response.content.decode()


def test_slt_reads_the_register(cast, client) -> None:
    client.force_login(cast.slt)
    assert client.get(URL).status_code == 200


def test_register_needs_sign_in(client, db) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("role", ["teacher", "ta", "governor", "school_admin"])
def test_other_roles_get_404(cast, client, role) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(URL).status_code == 404
    assert client.get(CSV_URL).status_code == 404


@pytest.fixture
def mixed(cast):
    """A spread of pupils to filter."""
    school = cast.school
    return {
        "y7_pp": make_pupil(
            school,
            year_group=7,
            form="7B",
            need=NeedType.SLCN,
            pupil_premium=True,
            legal_last_name="Ashworth",
        ),
        "y9_ehcp": make_pupil(
            school,
            year_group=9,
            form="9C",
            sen_status=SenStatus.EHC_PLAN,
            need=NeedType.HI,
            legal_last_name="Brennan",
        ),
        "y9_none": make_pupil(
            school, year_group=9, form="9C", sen_status=SenStatus.NONE, legal_last_name="Carver"
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year_group": "7"}, {"Ashworth"}),
        ({"form": "9C"}, {"Brennan"}),
        ({"status": "E"}, {"Brennan"}),
        ({"status": "N", "year_group": "9"}, {"Carver"}),
        ({"need": "HI"}, {"Brennan"}),
        ({"area": "ci"}, {"Ashworth", "Visited"}),  # SLCN and ASD
        ({"area": "semh"}, {"Elsewhere"}),
        ({"pupil_premium": "yes"}, {"Ashworth"}),
        ({"q": "brenn"}, {"Brennan"}),
        ({"q": "Casey visited"}, {"Visited"}),
    ],
)
def test_filters(cast, client, mixed, query, expected) -> None:
    client.force_login(cast.sendco)
    response = client.get(URL, query)
    assert set(_names(response)) == expected


def test_search_by_upn_and_a_secondary_need(cast, client, mixed) -> None:
    PupilNeed.objects.create(pupil=mixed["y7_pp"], need=NeedType.SEMH, rank=2)
    client.force_login(cast.sendco)
    assert _names(client.get(URL, {"q": mixed["y9_ehcp"].upn.lower()})) == ["Brennan"]
    # Need type matches any rank, not just the primary need.
    assert set(_names(client.get(URL, {"need": "SEMH"}))) == {"Ashworth", "Elsewhere"}


def test_counts_are_for_the_filtered_set(cast, client, mixed) -> None:
    client.force_login(cast.sendco)
    counts = client.get(URL, {"year_group": "9", "status": "all"}).context["counts"]
    assert dict(counts["status"]) == {"No SEN": 1, "EHC plan": 1}
    assert dict(counts["area"]) == {"Sensory and/or physical": 1, "No need recorded": 1}
    assert dict(counts["year"]) == {"Year 9": 2}
    counts = client.get(URL).context["counts"]
    assert dict(counts["year"]) == {"Year 7": 1, "Year 8": 2, "Year 9": 1}


def test_bad_filter_value_is_explained_and_kept(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(URL, {"year_group": "42", "q": "Casey"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert 'value="Casey"' in text


def test_register_paginates_by_50_and_keeps_filters(cast, client) -> None:
    for _ in range(55):
        make_pupil(cast.school, year_group=10, form="10A")
    client.force_login(cast.sendco)
    response = client.get(URL, {"year_group": "10"})
    assert len(response.context["page"].object_list) == 50
    assert "year_group=10&amp;page=2" in response.content.decode()
    assert len(client.get(URL, {"year_group": "10", "page": 2}).context["page"].object_list) == 5


def _many(cast, n: int) -> None:
    for i in range(n):
        pupil = make_pupil(
            cast.school, year_group=7 + i % 5, need=[NeedType.MLD, NeedType.ASD][i % 2]
        )
        if i % 3 == 0:
            PupilNeed.objects.create(pupil=pupil, need=NeedType.SEMH, rank=2)


def test_register_query_count_is_the_same_with_10_and_500_pupils(
    cast, client, django_assert_max_num_queries, django_assert_num_queries
) -> None:
    client.force_login(cast.sendco)
    _many(cast, 8)  # 10 on the register with the cast's two
    with django_assert_max_num_queries(15) as small:
        response = client.get(URL, {"status": "K"})
    assert response.context["page"].paginator.count == 10
    _many(cast, 490)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL, {"status": "K"})
    assert response.context["page"].paginator.count == 500


def test_csv_exports_the_filtered_set_and_audits_it(cast, client, mixed) -> None:
    client.force_login(cast.slt)
    response = client.get(CSV_URL, {"year_group": "7"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["UPN", "MIS id", "Legal first name"]
    assert [row[3] for row in rows[1:]] == ["Ashworth"]
    assert rows[1][9:12] == [
        "SLCN",
        "Speech, language and communication needs",
        "Communication and interaction",
    ]
    reads = RecordRead.objects.filter(actor=cast.slt, page="pupils:register_csv")
    assert [r.record_id for r in reads] == [mixed["y7_pp"].pk]


def test_csv_neutralises_formula_cells(cast, client) -> None:
    make_pupil(cast.school, legal_first_name="=HYPERLINK(1)", legal_last_name="+Plus")
    make_pupil(cast.school, legal_first_name="@sum", legal_last_name="-minus")
    make_pupil(cast.school, legal_first_name="\tTab", legal_last_name="\rReturn")
    client.force_login(cast.sendco)
    rows = list(csv.reader(io.StringIO(client.get(CSV_URL).content.decode())))
    names = {(row[2], row[3]) for row in rows[1:]}
    assert ("'=HYPERLINK(1)", "'+Plus") in names
    assert ("'@sum", "'-minus") in names
    assert ("'\tTab", "'\rReturn") in names
    assert ("Casey", "Visited") in names


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("plain", "plain"), ("", ""), (None, ""), (7, "7"), ("a=b", "a=b")],
)
def test_csv_safe(value, expected) -> None:
    assert csv_safe(value) == expected
