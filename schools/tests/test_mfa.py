"""Two-step sign-in is required for the SENDCo, SLT and school admins
(schools/mfa.py), optional for everyone else."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from audit.models import SecurityEvent, SecurityKind
from schools.adapters import SchoolMFAAdapter
from schools.mfa import MFA_ROLES, requires_mfa
from schools.models import Role
from tests.factories import PASSWORD, make_membership, make_school, make_user
from tests.mfa import client_sign_in, code_for

SETUP = "/accounts/2fa/totp/activate/"


def _without_app(user):
    Authenticator.objects.filter(user=user).delete()
    return user


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_which_roles_require_it(role: str, db) -> None:
    user = make_user(make_school(), role)
    assert requires_mfa(user) is (role in MFA_ROLES)


def test_a_role_in_any_school_counts_and_an_ended_membership_does_not(db) -> None:
    here, there = make_school(), make_school()
    user = make_user(here, Role.TEACHER)
    membership = make_membership(user, there, Role.SLT)
    assert requires_mfa(user)
    membership.is_active = False
    membership.save()
    assert not requires_mfa(user)


def test_a_sendco_without_the_app_is_sent_to_set_it_up(cast, client) -> None:
    client.force_login(_without_app(cast.sendco))
    for name in ("shell:dashboard", "pupils:register", "home"):
        response = client.get(reverse(name))
        assert (response.status_code, response.url) == (302, SETUP), name
    # Signed in a while ago (force_login records no sign-in): the password again first,
    # and that page says why too.
    asked = client.get(SETUP, follow=True)
    assert asked.redirect_chain[0][0].startswith(reverse("account_reauthenticate"))
    assert "You need this before you can carry on" in asked.content.decode()
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(SETUP)
    assert page.status_code == 200
    text = page.content.decode()
    assert "You need this before you can carry on" in text
    assert 'id="totp-secret"' in text


def test_htmx_requests_are_told_to_load_the_setup_page_whole(cast, client) -> None:
    client.force_login(_without_app(cast.slt))
    response = client.get(reverse("pupils:register"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == SETUP
    assert response.content == b""


def test_sign_out_the_health_check_and_account_pages_stay_open(cast, client) -> None:
    client.force_login(_without_app(cast.school_admin))
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("account_change_password")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("shell:account")).status_code == 302  # signed out now


def test_other_roles_are_not_asked_and_can_turn_it_on(cast, client) -> None:
    client.force_login(cast.teacher)
    assert client.get(reverse("pupils:my_classes")).status_code == 200
    index = client.get(reverse("mfa_index")).content.decode()
    assert "Set up two-step sign-in" in index
    account = client.get(reverse("shell:account")).content.decode()
    assert reverse("mfa_index") in account


def test_a_role_given_since_signing_in_asks_for_it_on_the_next_page(cast, client) -> None:
    client.force_login(cast.teacher)
    assert client.get(reverse("pupils:my_classes")).status_code == 200
    cast.teacher.membership.set_role(Role.SENDCO, True)
    response = client.get(reverse("pupils:my_classes"))
    assert (response.status_code, response.url) == (302, SETUP)


def test_the_rule_costs_no_query_once_signed_in(cast, client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for user, page in ((cast.sendco, "shell:dashboard"), (cast.teacher, "pupils:my_classes")):
        client.force_login(user)  # the rule is worked out here, once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(page)).status_code == 200
        asked = [q["sql"] for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]
        assert not asked, asked


def test_signing_in_asks_for_the_code_and_a_recovery_code_works_once(cast, client) -> None:
    codes = RecoveryCodes.activate(cast.sendco)
    response = client.post(
        reverse("account_login"), {"login": cast.sendco.email, "password": PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("shell:dashboard")).status_code == 302  # not in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert SecurityEvent.objects.filter(user=cast.sendco, kind=SecurityKind.MFA_FAILED).exists()
    code = codes.get_unused_codes()[0]
    done = client.post(reverse("mfa_authenticate"), {"code": code})
    assert done.status_code == 302
    assert client.get(reverse("shell:dashboard")).status_code == 200
    used = SecurityEvent.objects.get(user=cast.sendco, kind=SecurityKind.RECOVERY_CODE_USED)
    assert used.details == {"type": "recovery_codes"}
    client.logout()
    client.post(reverse("account_login"), {"login": cast.sendco.email, "password": PASSWORD})
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200  # each recovery code works once


def test_the_app_code_signs_in(cast, client) -> None:
    response = client_sign_in(client, cast.slt.email, PASSWORD)
    assert [url for url, _ in response.redirect_chain][:2] == [
        reverse("mfa_authenticate"),
        reverse("home"),
    ]
    assert response.redirect_chain[-1][0] == reverse("reports:home")
    assert SecurityEvent.objects.filter(user=cast.slt, kind=SecurityKind.SIGNED_IN).count() == 1


def test_changing_two_step_sign_in_asks_for_the_password_again(cast, client) -> None:
    client.force_login(cast.teacher)
    Authenticator.objects.filter(user=cast.teacher).delete()
    # Not straight after a sign-in through the form: the password is asked for.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_role_that_needs_it_cannot_turn_it_off(cast, client) -> None:
    adapter = SchoolMFAAdapter()
    sendco_app = Authenticator.objects.get(user=cast.sendco, type=Authenticator.Type.TOTP)
    assert not adapter.can_delete_authenticator(sendco_app)
    teacher = make_user(cast.school, Role.TEACHER)
    from tests.mfa import give_totp

    assert adapter.can_delete_authenticator(give_totp(teacher))
    # Through the page (after the password again): refused with the reason.
    client_sign_in(client, cast.sendco.email, PASSWORD)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    refused = client.post(reverse("mfa_deactivate_totp"))
    assert refused.status_code in {200, 302}
    assert Authenticator.objects.filter(user=cast.sendco, type="totp").exists()


def test_recovery_codes_answer_404_to_someone_without_them(cast, client) -> None:
    client.force_login(cast.teacher)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 404
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 404


def test_the_demo_secret_codes_work_for_the_demo_sendco(db, client) -> None:
    from django.core.management import call_command

    from demo.schools import DEMO_TOTP_SECRET
    from tests.mfa import totp_code

    call_command("seed_demo", verbosity=0)
    assert code_for("sendco@demo.test") in {
        totp_code(DEMO_TOTP_SECRET),
        totp_code(DEMO_TOTP_SECRET, step=1),
    }
    for email in ("sendco@demo.test", "slt@demo.test", "admin@demo.test", "sendco@other.test"):
        assert Authenticator.objects.filter(user__email=email, type="totp").exists(), email
    for email in ("teacher@demo.test", "ta@demo.test", "governor@demo.test"):
        assert not Authenticator.objects.filter(user__email=email).exists(), email
