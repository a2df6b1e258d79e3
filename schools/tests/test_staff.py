"""Staff and roles: the staff pages, role grants that need a second person,
deactivation that ends sessions at once, and the record of every change."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from audit.models import AppendOnlyError, ChangeKind, ChangeRecord
from schools.models import Membership, Role, RoleGrant, User
from schools.services import (
    RoleRuleError,
    role_grant_decide,
    staff_deactivate,
    staff_role_request,
    staff_roles_set,
)
from tests.factories import PASSWORD, make_school, make_user

READERS = ["school_admin", "sendco"]
NOT_READERS = ["slt", "teacher", "ta", "governor"]
NOT_MANAGERS = ["sendco", "slt", "teacher", "ta", "governor"]


def _kinds(member: User) -> list[str]:
    return list(
        ChangeRecord.objects.filter(target_user=member)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


# The staff list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_staff_list_shows_staff_to_admin_and_sendco(client, cast, role) -> None:
    client.force_login(getattr(cast, role))
    response = client.get(reverse("schools:staff"))
    assert response.status_code == 200
    html = response.content.decode()
    assert cast.teacher.email in html and cast.sendco.email in html
    assert cast.other_sendco.email not in html
    assert ("Add a member of staff" in html) == (role == "school_admin")


@pytest.mark.parametrize("role", NOT_READERS)
def test_staff_pages_are_404_for_other_roles(client, cast, role) -> None:
    client.force_login(getattr(cast, role))
    assert client.get(reverse("schools:staff")).status_code == 404
    assert client.get(reverse("schools:staff_detail", args=[cast.teacher.pk])).status_code == 404


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_only_the_school_admin_changes_staff(client, cast, role) -> None:
    client.force_login(getattr(cast, role))
    pk = cast.teacher2.pk
    assert client.get(reverse("schools:staff_add")).status_code == 404
    assert client.post(reverse("schools:staff_add"), {"first_name": "X"}).status_code == 404
    assert client.get(reverse("schools:staff_edit", args=[pk])).status_code == 404
    for name in ("staff_deactivate", "staff_reactivate", "staff_password_email"):
        assert client.post(reverse(f"schools:{name}", args=[pk])).status_code == 404
    cast.teacher2.refresh_from_db()
    assert cast.teacher2.is_active


def test_another_schools_staff_are_404(client, cast) -> None:
    client.force_login(cast.school_admin)
    pk = cast.other_sendco.pk
    assert client.get(reverse("schools:staff_detail", args=[pk])).status_code == 404
    assert client.post(reverse("schools:staff_deactivate", args=[pk])).status_code == 404
    cast.other_sendco.refresh_from_db()
    assert cast.other_sendco.is_active


def test_search_by_name_email_department_and_role(client, cast) -> None:
    client.force_login(cast.school_admin)
    maths = make_user(
        cast.school, Role.TEACHER, first_name="Zora", last_name="Quill", department="Maths"
    )

    def found(**params) -> set[str]:
        response = client.get(reverse("schools:staff"), params)
        return {member.email for member in response.context["page"]}

    assert found(q="zora quill") == {maths.email}
    assert found(q="teacher2@cast") == {cast.teacher2.email}
    assert found(q="maths") == {maths.email, cast.teacher2.email}
    assert found(q="sendco") == {cast.sendco.email}
    assert found(role=Role.GOVERNOR) == {cast.governor.email}
    assert found(q="Maths teacher", role=Role.TEACHER) == {maths.email, cast.teacher2.email}


def test_deactivated_staff_are_found_when_asked_for(client, cast) -> None:
    cast.teacher2.deactivate()
    client.force_login(cast.school_admin)
    active = client.get(reverse("schools:staff")).context["page"]
    assert cast.teacher2 not in list(active)
    leavers = client.get(reverse("schools:staff"), {"status": "inactive"}).context["page"]
    assert list(leavers) == [cast.teacher2]


@pytest.mark.parametrize("size", [30, 150])
def test_staff_list_queries_do_not_grow_with_staff(
    client, cast, size, django_assert_max_num_queries
) -> None:
    for n in range(size):
        member = make_user(cast.school, Role.TEACHER, department="Science")
        if n % 10 == 0:
            RoleGrant.objects.create(
                school=cast.school, user=member, role=Role.SLT, requested_by=cast.school_admin
            )
    client.force_login(cast.school_admin)
    # 13: one more for the active membership (middleware), one for each
    # colleague's membership in this school (prefetched once).
    with django_assert_max_num_queries(13):
        response = client.get(reverse("schools:staff"), {"q": "science"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    assert "waiting for confirmation" in response.content.decode()


# Adding and editing ------------------------------------------------------------------------------


def test_admin_adds_a_member_of_staff_and_the_password_email_goes(
    client, cast, django_capture_on_commit_callbacks
) -> None:
    client.force_login(cast.school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("schools:staff_add"),
            {
                "first_name": "Nia",
                "last_name": "Brook",
                "email": "Nia.Brook@cast.test",
                "department": "Science",
                "staff_code": "NBR",
                "roles": [Role.TEACHER],
                "send_password_email": "1",
            },
        )
    member = User.objects.get(email="nia.brook@cast.test")
    assert response.status_code == 302
    assert response.url == reverse("schools:staff_detail", args=[member.pk])
    assert member.school == cast.school and member.is_teacher and not member.has_usable_password()
    assert member.staff_code == "NBR"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nia.brook@cast.test"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert _kinds(member) == [
        ChangeKind.STAFF_ADDED,
        ChangeKind.ROLE_GRANTED,
        ChangeKind.PASSWORD_EMAIL_SENT,
    ]


def test_a_duplicate_email_is_shown_next_to_the_field(client, cast) -> None:
    client.force_login(cast.school_admin)
    response = client.post(
        reverse("schools:staff_add"),
        {"first_name": "A", "last_name": "B", "email": cast.teacher2.email.upper()},
    )
    assert response.status_code == 200
    assert "already on this school's staff" in response.context["form"].errors["email"][0]
    assert "There is a problem" in response.content.decode()


def test_admin_edits_details_and_removes_a_role_at_once(client, cast) -> None:
    client.force_login(cast.school_admin)
    response = client.post(
        reverse("schools:staff_edit", args=[cast.slt.pk]),
        {
            "first_name": "Pat",
            "last_name": "Renamed",
            "department": "Leadership",
            "staff_code": "PRE",
            "roles": [Role.TEACHER],
        },
    )
    assert response.status_code == 302
    cast.slt.refresh_from_db()
    assert cast.slt.last_name == "Renamed" and cast.slt.department == "Leadership"
    assert not cast.slt.is_slt and cast.slt.is_teacher
    assert set(_kinds(cast.slt)) == {
        ChangeKind.STAFF_EDITED,
        ChangeKind.ROLE_REMOVED,
        ChangeKind.ROLE_GRANTED,
    }
    removed = ChangeRecord.objects.get(target_user=cast.slt, kind=ChangeKind.ROLE_REMOVED)
    assert removed.actor == cast.school_admin and removed.details == {"role": Role.SLT}
    page = client.get(reverse("schools:staff_detail", args=[cast.slt.pk])).content.decode()
    assert "Role removed: Senior leader" in page


def test_the_last_school_admin_keeps_the_role(client, cast) -> None:
    client.force_login(cast.school_admin)
    response = client.post(
        reverse("schools:staff_edit", args=[cast.school_admin.pk]),
        {"first_name": "A", "last_name": "B", "roles": [Role.TEACHER]},
    )
    assert response.status_code == 200
    assert "at least one school admin" in response.context["form"].errors["roles"][0]
    cast.school_admin.refresh_from_db()
    assert cast.school_admin.is_school_admin and not cast.school_admin.is_teacher


# SENDCo and SLT need a second person ------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SENDCO, Role.SLT])
def test_admin_cannot_give_a_pupil_data_role_on_the_staff_page(client, cast, role) -> None:
    client.force_login(cast.school_admin)
    for member in (cast.teacher, cast.school_admin):  # someone else, and themselves
        client.post(
            reverse("schools:staff_edit", args=[member.pk]),
            {"first_name": "A", "last_name": "B", "roles": [role, *sorted(member.roles)]},
        )
        member.refresh_from_db()
        assert not member.has_role(role)
        grant = RoleGrant.objects.get(user=member, role=role)
        assert grant.is_pending and grant.requested_by == cast.school_admin
    # Asking again does not make a second request.
    client.post(
        reverse("schools:staff_edit", args=[cast.teacher.pk]),
        {"first_name": "A", "last_name": "B", "roles": [role, Role.TEACHER]},
    )
    assert RoleGrant.objects.filter(user=cast.teacher, role=role).count() == 1


def test_adding_someone_as_sendco_waits_for_confirmation(client, cast) -> None:
    client.force_login(cast.school_admin)
    client.post(
        reverse("schools:staff_add"),
        {"first_name": "N", "last_name": "S", "email": "new@cast.test", "roles": [Role.SENDCO]},
    )
    member = User.objects.get(email="new@cast.test")
    assert not member.is_sendco
    assert RoleGrant.objects.get(user=member).is_pending
    page = client.get(reverse("schools:staff_detail", args=[member.pk])).content.decode()
    assert "Waiting for confirmation" in page and cast.sendco.display_name in page


@pytest.mark.parametrize(
    "url_name", ["schools:staff_add", "schools:staff_edit", "schools:settings"]
)
def test_form_tampering_never_gives_a_role(client, cast, url_name) -> None:
    client.force_login(cast.school_admin)
    tampered = {
        "is_sendco": "on",
        "is_slt": "on",
        "is_school_admin": "on",
        "is_superuser": "on",
        "first_name": "T",
        "last_name": "T",
        "email": "tamper@cast.test",
        "name": "Hillside Academy",
        "max_observers": "2",
        "yearly_observation_limit": "3",
        "roles": ["superpower"],
    }
    kwargs = {"pk": cast.teacher.pk} if url_name == "schools:staff_edit" else None
    client.post(reverse(url_name, kwargs=kwargs), tampered)
    tampered.pop("roles")
    client.post(reverse(url_name, kwargs=kwargs), tampered)
    for user in User.objects.in_school(cast.school, active=False).exclude(pk__in=[cast.sendco.pk]):
        assert not user.is_sendco and not user.is_superuser, user
    assert not User.objects.filter(memberships__is_slt=True).exclude(pk=cast.slt.pk).exists()
    assert not RoleGrant.objects.exists()


def test_a_second_person_confirms_and_the_role_takes_effect(client, cast) -> None:
    grant = staff_role_request(actor=cast.school_admin, member=cast.teacher, role=Role.SLT)
    client.force_login(cast.slt)
    page = client.get(reverse("schools:role_grants")).content.decode()
    assert f"Confirm Senior leader for {cast.teacher.display_name}" in page
    response = client.post(reverse("schools:role_grant_confirm", args=[grant.pk]))
    assert response.status_code == 302
    cast.teacher.refresh_from_db()
    grant.refresh_from_db()
    assert cast.teacher.is_slt and grant.decided_by == cast.slt and grant.decided_at
    confirmed = ChangeRecord.objects.get(kind=ChangeKind.ROLE_CONFIRMED)
    assert confirmed.actor == cast.slt and confirmed.target_user == cast.teacher
    assert confirmed.details["requested_by"] == cast.school_admin.pk


def test_a_decline_leaves_the_role_ungiven(client, cast) -> None:
    grant = staff_role_request(actor=cast.school_admin, member=cast.teacher, role=Role.SENDCO)
    client.force_login(cast.sendco)
    client.post(reverse("schools:role_grant_decline", args=[grant.pk]))
    cast.teacher.refresh_from_db()
    grant.refresh_from_db()
    assert not cast.teacher.is_sendco and grant.status == RoleGrant.Status.DECLINED
    assert ChangeRecord.objects.filter(kind=ChangeKind.ROLE_DECLINED, actor=cast.sendco).exists()
    # A decided request cannot be confirmed afterwards.
    assert client.post(reverse("schools:role_grant_confirm", args=[grant.pk])).status_code == 404


def test_nobody_confirms_their_own_request_or_a_grant_to_themselves(client, cast) -> None:
    # The SENDCo, also a school admin, asks for a teacher to be SLT.
    cast.sendco.membership.set_role(Role.SCHOOL_ADMIN, True)
    asked = staff_role_request(actor=cast.sendco, member=cast.teacher, role=Role.SLT)
    # The school admin asks for the SLT member to be SENDCo as well.
    for_slt = staff_role_request(actor=cast.school_admin, member=cast.slt, role=Role.SENDCO)
    client.force_login(cast.sendco)
    assert client.post(reverse("schools:role_grant_confirm", args=[asked.pk])).status_code == 404
    client.force_login(cast.slt)
    assert client.post(reverse("schools:role_grant_confirm", args=[for_slt.pk])).status_code == 404
    page = client.get(reverse("schools:role_grants")).content.decode()
    assert "Waiting for someone else" in page
    for grant in (asked, for_slt):
        grant.refresh_from_db()
        assert grant.is_pending
    cast.teacher.refresh_from_db()
    cast.slt.refresh_from_db()
    assert not cast.teacher.is_slt and not cast.slt.is_sendco
    for confirm in (True, False):
        with pytest.raises(RoleRuleError):
            role_grant_decide(actor=cast.sendco, grant=asked, confirm=confirm)
        with pytest.raises(RoleRuleError):
            role_grant_decide(actor=cast.slt, grant=for_slt, confirm=confirm)


def test_a_grant_for_a_leaver_is_not_confirmed_but_can_be_declined(cast) -> None:
    grant = staff_role_request(actor=cast.school_admin, member=cast.teacher, role=Role.SLT)
    staff_deactivate(actor=cast.school_admin, member=cast.teacher)
    with pytest.raises(RoleRuleError, match="no longer works"):
        role_grant_decide(actor=cast.sendco, grant=grant, confirm=True)
    grant.refresh_from_db()
    assert grant.is_pending
    assert not ChangeRecord.objects.filter(kind=ChangeKind.ROLE_CONFIRMED).exists()
    role_grant_decide(actor=cast.sendco, grant=grant, confirm=False)
    grant.refresh_from_db()
    assert grant.status == RoleGrant.Status.DECLINED and grant.decided_by == cast.sendco
    record = ChangeRecord.objects.get(kind=ChangeKind.ROLE_DECLINED)
    assert record.details == {
        "role": Role.SLT,
        "grant": grant.pk,
        "requested_by": cast.school_admin.pk,
    }


@pytest.mark.parametrize("role", ["school_admin", "teacher", "ta", "governor"])
def test_only_sendco_and_slt_decide_grants(client, cast, role) -> None:
    grant = staff_role_request(actor=cast.school_admin, member=cast.teacher2, role=Role.SLT)
    client.force_login(getattr(cast, role))
    assert client.get(reverse("schools:role_grants")).status_code == 404
    assert client.post(reverse("schools:role_grant_confirm", args=[grant.pk])).status_code == 404
    assert client.post(reverse("schools:role_grant_decline", args=[grant.pk])).status_code == 404
    grant.refresh_from_db()
    assert grant.is_pending


def test_a_new_schools_first_sendco_is_given_and_recorded(db) -> None:
    school = make_school()
    admin = make_user(school, Role.SCHOOL_ADMIN)
    first = make_user(school, Role.TEACHER)
    grant = staff_role_request(actor=admin, member=first, role=Role.SENDCO)
    first.refresh_from_db()
    assert first.is_sendco and grant.status == RoleGrant.Status.CONFIRMED
    record = ChangeRecord.objects.get(kind=ChangeKind.ROLE_CONFIRMED)
    assert record.details["first_in_school"] is True
    # The second one waits: the first SENDCo now confirms.
    second = make_user(school, Role.TEACHER)
    pending = staff_role_request(actor=admin, member=second, role=Role.SLT)
    assert pending.is_pending
    # Even in a new school the admin cannot give it to themselves.
    other = make_school()
    lone_admin = make_user(other, Role.SCHOOL_ADMIN)
    staff_roles_set(actor=lone_admin, member=lone_admin, roles=[Role.SCHOOL_ADMIN, Role.SENDCO])
    lone_admin.refresh_from_db()
    assert not lone_admin.is_sendco


# Deactivating ------------------------------------------------------------------------------------


def test_deactivation_ends_the_open_session_at_once(client, cast) -> None:
    from django.test import Client

    leaver = Client()
    assert leaver.login(email=cast.teacher2.email, password=PASSWORD)
    assert leaver.get(reverse("pupils:my_classes")).status_code == 200
    client.force_login(cast.school_admin)
    response = client.post(
        reverse("schools:staff_deactivate", args=[cast.teacher2.pk]), follow=True
    )
    assert "deactivated and signed out everywhere" in response.content.decode()
    cast.teacher2.refresh_from_db()
    assert not cast.teacher2.is_active
    refused = leaver.get(reverse("pupils:my_classes"))
    assert refused.status_code == 302
    assert refused.url.startswith(reverse(settings.LOGIN_URL))
    record = ChangeRecord.objects.get(kind=ChangeKind.ACCOUNT_DEACTIVATED)
    assert record.details == {"sessions_ended": 1} and record.actor == cast.school_admin
    # Their records are kept, and the account can come back.
    assert User.objects.filter(pk=cast.teacher2.pk).exists()
    client.post(reverse("schools:staff_reactivate", args=[cast.teacher2.pk]))
    cast.teacher2.refresh_from_db()
    assert cast.teacher2.is_active
    # The old session was deleted, not only refused: reactivating does not revive it.
    assert leaver.get(reverse("pupils:my_classes")).status_code == 302
    assert leaver.login(email=cast.teacher2.email, password=PASSWORD)


def test_an_admin_cannot_deactivate_themselves(client, cast) -> None:
    client.force_login(cast.school_admin)
    client.post(reverse("schools:staff_deactivate", args=[cast.school_admin.pk]))
    cast.school_admin.refresh_from_db()
    assert cast.school_admin.is_active


def test_no_password_email_to_a_deactivated_account(
    client, cast, django_capture_on_commit_callbacks
) -> None:
    cast.teacher2.deactivate()
    client.force_login(cast.school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schools:staff_password_email", args=[cast.teacher2.pk]))
    assert mail.outbox == []


# The record of changes ---------------------------------------------------------------------------


def test_change_records_are_append_only(cast) -> None:
    staff_roles_set(actor=cast.school_admin, member=cast.teacher, roles=[Role.TEACHER, Role.TA])
    record = ChangeRecord.objects.get(kind=ChangeKind.ROLE_GRANTED)
    record.target = "changed"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    record.refresh_from_db()
    assert record.details == {"role": Role.TA}


def test_someone_from_another_school_is_added_with_a_new_membership(client, cast) -> None:
    """Adding a person who already works elsewhere in the deployment gives
    them a membership here; their name, email and password stay theirs, and
    their roles in the other school are untouched."""
    other = cast.other_sendco
    password = other.password
    client.force_login(cast.school_admin)
    response = client.post(
        reverse("schools:staff_add"),
        {"first_name": "Changed", "last_name": "Name", "email": other.email, "roles": ["teacher"]},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.first_name, other.password) != ("Changed", "") and other.password == password
    here = Membership.objects.get(user=other, school=cast.school)
    assert here.roles == {"teacher"}
    assert Membership.objects.get(user=other, school=cast.other_school).roles == {"sendco"}


def test_leaving_one_school_keeps_the_account_for_the_other(client, cast) -> None:
    multi = cast.multi
    client.force_login(cast.school_admin)
    response = client.post(reverse("schools:staff_deactivate", args=[multi.pk]), follow=True)
    said = response.content.decode()
    assert f"{multi.display_name} no longer works in this school" in said
    assert "signed out everywhere" not in said
    multi.refresh_from_db()
    assert multi.is_active
    assert not Membership.objects.get(user=multi, school=cast.school).is_active
    client.force_login(multi)
    # Only the other school is left: it is chosen without asking.
    assert client.get(reverse("home")).url == reverse("shell:dashboard")
    assert client.get(reverse("pupils:pupil", args=[cast.pupil.pk])).status_code == 404
    # Leaving the last school deactivates the account.
    other_admin = make_user(cast.other_school, Role.SCHOOL_ADMIN)
    staff_deactivate(actor=other_admin, member=multi, request=None)
    multi.refresh_from_db()
    assert not multi.is_active
