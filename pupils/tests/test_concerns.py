"""Concerns: raised by staff about pupils they teach, triaged by the SENDCo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import RecordRead
from pupils.dashboard import panels
from pupils.models import Concern
from tests.factories import make_concern, make_pupil

TODAY = timezone.localdate()


def _form(pupil, **changes) -> dict:
    data = {
        "pupil": pupil.pk,
        "noticed": "Copies very little from the board and often stops writing.",
        "where": "Period 2, room E4",
        "noticed_on": (TODAY - timedelta(days=1)).isoformat(),
    }
    return data | changes


@pytest.mark.parametrize("name", ["pupils:concern_create", "pupils:my_concerns", "pupils:concerns"])
def test_sign_in_is_required(client, cast, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_teacher_raises_a_concern_about_a_pupil_they_teach(client, cast) -> None:
    client.force_login(cast.teacher)
    url = reverse("pupils:concern_create")
    offered = set(client.get(url).context["form"].fields["pupil"].queryset)
    assert cast.pupil in offered
    assert cast.pupil2 not in offered and cast.other_pupil not in offered
    response = client.post(url, _form(cast.pupil), follow=True)
    concern = Concern.objects.get()
    assert (concern.school, concern.pupil, concern.raised_by) == (
        cast.school,
        cast.pupil,
        cast.teacher,
    )
    assert concern.group == cast.group and concern.is_open
    assert response.redirect_chain[-1][0] == reverse("pupils:my_concerns")
    assert "Waiting for the SENDCo" in response.content.decode()


def test_a_pupil_the_teacher_does_not_teach_is_refused(client, cast) -> None:
    client.force_login(cast.teacher)
    response = client.post(reverse("pupils:concern_create"), _form(cast.pupil2))
    assert response.status_code == 200 and not Concern.objects.exists()
    assert "pupil" in response.context["form"].errors
    assert "There is a problem" in response.content.decode()


def test_ta_raises_about_a_pupil_they_support(client, cast) -> None:
    client.force_login(cast.ta)
    client.post(reverse("pupils:concern_create"), _form(cast.pupil))
    assert Concern.objects.get().raised_by == cast.ta


def test_slt_may_raise_about_any_pupil_of_the_school(client, cast) -> None:
    client.force_login(cast.slt)
    client.post(reverse("pupils:concern_create"), _form(cast.pupil2))
    concern = Concern.objects.get()
    assert concern.pupil == cast.pupil2 and concern.group is None


def test_the_pupil_link_preselects_only_a_pupil_in_reach(client, cast) -> None:
    client.force_login(cast.teacher)
    url = reverse("pupils:concern_create")
    assert client.get(url, {"pupil": cast.pupil.pk}).context["form"].initial["pupil"] == cast.pupil
    assert client.get(url, {"pupil": cast.pupil2.pk}).context["form"].initial["pupil"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"noticed": ""}, "noticed"),
        ({"noticed_on": (TODAY + timedelta(days=1)).isoformat()}, "noticed_on"),
    ],
)
def test_bad_input_keeps_what_was_typed(client, cast, changes, field) -> None:
    client.force_login(cast.teacher)
    response = client.post(reverse("pupils:concern_create"), _form(cast.pupil, **changes))
    assert response.status_code == 200 and not Concern.objects.exists()
    assert field in response.context["form"].errors
    assert "Period 2, room E4" in response.content.decode()


@pytest.mark.parametrize("role", ["governor", "school_admin"])
def test_governors_and_admins_do_not_raise_concerns(client, cast, role: str) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(reverse("pupils:concern_create")).status_code == 404
    assert client.get(reverse("pupils:my_concerns")).status_code == 404


def test_my_concerns_shows_only_mine_with_the_decision(
    client, cast, django_assert_max_num_queries
) -> None:
    mine = make_concern(cast.pupil, raised_by=cast.teacher, group=cast.group)
    mine.triage(
        outcome=Concern.Outcome.ASSESS, on=TODAY, by=cast.sendco, note="I will screen Casey."
    )
    make_concern(cast.pupil2, raised_by=cast.teacher2, noticed="Someone else's concern")
    for _ in range(10):
        make_concern(cast.pupil, raised_by=cast.teacher, group=cast.group)
    client.force_login(cast.teacher)
    with django_assert_max_num_queries(9):  # +1 unread count in the header, +1 "observes?" (menu)
        response = client.get(reverse("pupils:my_concerns"))
    html = response.content.decode()
    assert "Assess further" in html and "I will screen Casey." in html
    assert "Someone else&#x27;s concern" not in html and "Someone else's concern" not in html
    assert response.context["page"].paginator.count == 11


def test_sendco_list_shows_open_concerns_oldest_first(
    client, cast, django_assert_max_num_queries
) -> None:
    newer = make_concern(cast.pupil, raised_by=cast.teacher, created_at=timezone.now())
    older = make_concern(
        cast.pupil2, raised_by=cast.teacher2, created_at=timezone.now() - timedelta(days=5)
    )
    decided = make_concern(cast.pupil, raised_by=cast.ta)
    decided.triage(outcome=Concern.Outcome.MONITOR, on=TODAY, by=cast.sendco)
    make_concern(cast.other_pupil, raised_by=cast.other_sendco)
    for _ in range(12):
        make_concern(make_pupil(cast.school), raised_by=cast.teacher)
    client.force_login(cast.sendco)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("pupils:concerns"))
    listed = list(response.context["page"])
    assert listed[0] == older and newer in listed and decided not in listed
    assert response.context["page"].paginator.count == 14
    decided_page = client.get(reverse("pupils:concerns"), {"show": "decided"})
    assert list(decided_page.context["page"]) == [decided]


@pytest.mark.parametrize("role", ["teacher", "ta", "governor", "school_admin"])
def test_the_concerns_list_is_for_sendco_and_slt(client, cast, role: str) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(reverse("pupils:concerns")).status_code == 404


def test_sendco_triages_and_the_raiser_sees_the_outcome(client, cast) -> None:
    concern = make_concern(cast.pupil, raised_by=cast.teacher, noticed_on=TODAY - timedelta(days=3))
    client.force_login(cast.sendco)
    url = reverse("pupils:concern_triage", args=[concern.pk])
    assert client.get(url).status_code == 200
    assert RecordRead.objects.filter(
        record_id=cast.pupil.pk, actor=cast.sendco, page="pupils:concern_triage"
    ).exists()
    response = client.post(
        url,
        {
            "outcome": Concern.Outcome.ADD_TO_REGISTER,
            "triaged_on": TODAY.isoformat(),
            "note": "Added at SEN support.",
        },
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.outcome, concern.triaged_on, concern.triaged_by) == (
        Concern.Outcome.ADD_TO_REGISTER,
        TODAY,
        cast.sendco,
    )
    client.force_login(cast.teacher)
    html = client.get(reverse("pupils:my_concerns")).content.decode()
    assert "Add to the SEND register" in html and "Added at SEN support." in html


def test_triage_needs_a_decision_and_a_sensible_date(client, cast) -> None:
    concern = make_concern(cast.pupil, raised_by=cast.teacher, noticed_on=TODAY - timedelta(days=3))
    client.force_login(cast.sendco)
    url = reverse("pupils:concern_triage", args=[concern.pk])
    response = client.post(
        url, {"triaged_on": (TODAY - timedelta(days=10)).isoformat(), "note": "Kept"}
    )
    errors = response.context["form"].errors
    assert "outcome" in errors and "before the concern was noticed" in errors["triaged_on"][0]
    assert "Kept" in response.content.decode()
    concern.refresh_from_db()
    assert concern.is_open


@pytest.mark.parametrize("role", ["slt", "teacher", "ta", "governor", "school_admin"])
def test_only_the_sendco_triages(client, cast, role: str) -> None:
    concern = make_concern(cast.pupil, raised_by=cast.teacher)
    client.force_login(getattr(cast, role))
    url = reverse("pupils:concern_triage", args=[concern.pk])
    assert client.post(url, {"outcome": "monitor", "triaged_on": TODAY}).status_code == 404
    concern.refresh_from_db()
    assert concern.is_open


def test_another_schools_concern_is_404(client, cast) -> None:
    theirs = make_concern(cast.other_pupil, raised_by=cast.other_sendco)
    client.force_login(cast.sendco)
    assert client.get(reverse("pupils:concern_triage", args=[theirs.pk])).status_code == 404


def test_dashboard_lists_concerns_waiting_for_a_decision(cast) -> None:
    waiting = make_concern(cast.pupil, raised_by=cast.teacher)
    make_concern(cast.pupil, raised_by=cast.teacher).triage(
        outcome=Concern.Outcome.NO_ACTION, on=TODAY, by=cast.sendco
    )
    panel = next(p for p in panels(cast.sendco) if p.title.startswith("Concerns"))
    assert panel.context["concerns"] == [waiting] and panel.context["total"] == 1
