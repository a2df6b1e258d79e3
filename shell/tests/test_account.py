from __future__ import annotations

from django.urls import reverse

from schools.models import Role
from tests.factories import make_user

URL = reverse("shell:account")


def test_every_role_has_the_account_page(cast, client) -> None:
    for role in Role:
        client.force_login(make_user(cast.school, role))
        text = client.get(URL).content.decode()
        assert f'href="{reverse("account_change_password")}"' in text
        # notifications declares its page for the account menu (notifications/shell.py)
        assert f'href="{reverse("notifications:preferences")}"' in text
        assert f'action="{reverse("account_logout")}"' in text


def test_the_account_page_needs_sign_in(client, db) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_allauth_pages_under_accounts_still_answer(client, db) -> None:
    assert client.get(reverse("account_login")).status_code == 200
