from __future__ import annotations

import pytest
from django.urls import reverse

from schools.models import Role
from tests.factories import PASSWORD, make_user
from tests.mfa import client_sign_in

HOMES = {
    Role.SENDCO: "shell:dashboard",
    Role.SLT: "reports:home",
    Role.SCHOOL_ADMIN: "schools:settings",
    Role.TEACHER: "pupils:my_classes",
    Role.TA: "pupils:my_classes",
    Role.GOVERNOR: "reports:summaries",
}


@pytest.mark.parametrize("role", list(HOMES))
def test_sign_in_lands_on_the_role_home(role: str, cast, client) -> None:
    user = cast.by_role(role)
    response = client_sign_in(client, user.email, PASSWORD)
    assert response.redirect_chain[-1][0] == reverse(HOMES[role])
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_sendco_who_also_teaches_lands_on_the_dashboard(cast, client) -> None:
    user = make_user(cast.school, Role.TEACHER, Role.SENDCO)
    client.force_login(user)
    assert client.get(reverse("home")).url == reverse("shell:dashboard")


def test_account_without_a_role_is_told_so(cast, client) -> None:
    client.force_login(make_user(cast.school))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert b"no role yet" in response.content
