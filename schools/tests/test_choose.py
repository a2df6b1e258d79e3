"""Choosing and switching the active school (schools.middleware)."""

from __future__ import annotations

from django.urls import reverse

from schools.middleware import ACTIVE_SCHOOL_KEY
from schools.models import Membership
from tests.factories import make_school, make_user


def test_someone_in_two_schools_chooses_after_sign_in(client, cast) -> None:
    client.force_login(cast.multi)
    response = client.get(reverse("home"))
    assert response.url == reverse("schools:choose")
    # Every page but the chooser and the account pages waits for a choice.
    assert client.get(reverse("pupils:my_classes")).url.startswith(reverse("schools:choose"))
    assert client.get(reverse("account_change_password")).status_code == 200
    page = client.get(reverse("schools:choose")).content.decode()
    assert cast.school.name in page and cast.other_school.name in page
    response = client.post(reverse("schools:choose"), {"school": cast.school.pk})
    assert response.url == reverse("home")
    assert client.get(reverse("home")).url == reverse("pupils:my_classes")
    # The header offers the other school.
    assert (
        f"Work in {cast.other_school.name}"
        in client.get(reverse("pupils:my_classes")).content.decode()
    )


def test_choosing_a_school_that_is_not_yours_is_refused(client, cast) -> None:
    third = make_school("Elsewhere Primary")
    client.force_login(cast.multi)
    for value in (third.pk, "nope"):
        response = client.post(reverse("schools:choose"), {"school": value})
        assert response.status_code == 400
        assert "Choose one of your schools" in response.content.decode()
    assert ACTIVE_SCHOOL_KEY not in client.session
    assert client.get(reverse("home")).url == reverse("schools:choose")


def test_switching_lands_on_the_new_schools_home_and_drops_the_old_schools_state(
    client, cast
) -> None:
    client.force_login(cast.multi)
    client.post(reverse("schools:choose"), {"school": cast.school.pk})
    session = client.session
    session["pupils_mis_import"] = {"text": "mis_id\n", "kind": "staff", "filename": "a.csv"}
    session.save()
    response = client.post(reverse("schools:switch"), {"school": cast.other_school.pk})
    assert response.url == reverse("home")
    assert client.get(reverse("home")).url == reverse("shell:dashboard")  # SENDCo there
    assert "pupils_mis_import" not in client.session
    assert client.session[ACTIVE_SCHOOL_KEY] == cast.other_school.pk


def test_switching_needs_a_post(client, cast) -> None:
    client.force_login(cast.multi)
    assert client.get(reverse("schools:switch")).status_code == 405


def test_an_ended_membership_stops_working_on_the_next_request(client, cast) -> None:
    client.force_login(cast.multi)
    client.post(reverse("schools:choose"), {"school": cast.other_school.pk})
    assert client.get(reverse("shell:dashboard")).status_code == 200
    Membership.objects.filter(user=cast.multi, school=cast.other_school).update(is_active=False)
    # Only the cast school is left: used at once, as the teacher there.
    assert client.get(reverse("shell:dashboard")).status_code == 404
    assert client.get(reverse("home")).url == reverse("pupils:my_classes")
    Membership.objects.filter(user=cast.multi).delete()
    assert client.get(reverse("home")).status_code == 403  # no school: the no-role page


def test_an_account_with_no_membership_sees_the_no_role_page(client, cast) -> None:
    client.force_login(make_user(None))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "no role yet" in response.content.decode()
    assert client.get(reverse("pupils:pupil", args=[cast.pupil.pk])).status_code == 404


def test_the_shared_demo_sendco_sees_one_school_at_a_time(client, db) -> None:
    from django.conf import settings
    from django.core.management import call_command

    from pupils.models import Pupil
    from schools.models import School, User

    call_command("seed_demo", verbosity=0)
    shared = User.objects.get(email="shared.sendco@demo.test")
    assert shared.check_password(settings.DEMO_PASSWORD)
    north, brook = School.objects.get(slug="demo"), School.objects.get(slug="other")
    assert {m.school_id for m in shared.active_memberships() if m.is_sendco} == {north.pk, brook.pk}
    client.force_login(shared)
    assert client.get(reverse("home")).url == reverse("schools:choose")
    client.post(reverse("schools:choose"), {"school": north.pk})
    ids = {
        p.pk for p in client.get(reverse("pupils:register")).context["page"].paginator.object_list
    }
    assert ids and ids <= set(Pupil.objects.filter(school=north).values_list("pk", flat=True))
    client.post(reverse("schools:switch"), {"school": brook.pk})
    ids = {
        p.pk for p in client.get(reverse("pupils:register")).context["page"].paginator.object_list
    }
    assert ids and ids <= set(Pupil.objects.filter(school=brook).values_list("pk", flat=True))
    call_command("seed_demo", verbosity=0)  # again: nothing new
    assert Membership.objects.filter(user=shared).count() == 2
