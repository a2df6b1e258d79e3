from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from schools.models import Role
from tests.factories import PASSWORD, make_user

HOMES = {
    Role.SENDCO: "schools:dashboard",
    Role.SLT: "reports:home",
    Role.SCHOOL_ADMIN: "schools:settings",
    Role.TEACHER: "pupils:my_classes",
    Role.TA: "pupils:my_classes",
    Role.GOVERNOR: "reports:summaries",
}


@pytest.mark.parametrize("role", list(HOMES))
def test_sign_in_lands_on_the_role_home(role: str, cast, client) -> None:
    user = cast.by_role(role)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(HOMES[role])
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_sendco_who_also_teaches_lands_on_the_dashboard(cast, client) -> None:
    user = make_user(cast.school, Role.TEACHER, Role.SENDCO)
    client.force_login(user)
    assert client.get(reverse("home")).url == reverse("schools:dashboard")


def test_wrong_password_says_only_that_email_or_password_is_wrong(cast, client) -> None:
    response = client.post(
        reverse("account_login"), {"login": cast.teacher.email, "password": "nope-nope"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "email address and/or password you specified are not correct" in text
    assert "There is a problem" in text  # the error summary
    assert cast.teacher.email in text  # what was typed is kept


def test_unknown_email_gets_the_same_message(cast, client) -> None:
    response = client.post(
        reverse("account_login"), {"login": "nobody@nowhere.test", "password": "nope-nope"}
    )
    assert (
        "email address and/or password you specified are not correct" in response.content.decode()
    )


def test_signed_out_pages_redirect_to_sign_in(client, db) -> None:
    response = client.get(reverse("schools:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_sign_out(cast, client) -> None:
    client.force_login(cast.teacher)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("pupils:my_classes")).status_code == 302


def test_password_reset_by_email(cast, client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": cast.teacher.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in form_page.content
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    client.logout()
    signed_in = client.post(
        reverse("account_login"), {"login": cast.teacher.email, "password": "a-new-long-passphrase"}
    )
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("home")


def test_password_reset_does_not_reveal_unknown_addresses(db, client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "nobody@nowhere.test"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")


def test_no_sign_up(client, db) -> None:
    assert client.get("/accounts/signup/").status_code in {302, 404}


def test_account_without_a_role_is_told_so(cast, client) -> None:
    client.force_login(make_user(cast.school))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert b"no role yet" in response.content
