from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse


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
    response = client.get(reverse("shell:dashboard"))
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
