"""Account emails name sendit and the school, never the host they came from."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from tests.factories import make_user


def test_password_reset_email_names_sendit_and_the_school(cast, client) -> None:
    response = client.post(
        reverse("account_reset_password"), {"email": cast.teacher.email}, HTTP_HOST="127.0.0.1"
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "sendit: reset your password for Hillside Academy"
    assert "127.0.0.1" not in message.subject
    assert "Hillside Academy" in message.body
    assert cast.teacher.first_name in message.body
    assert "/accounts/password/reset/key/" in message.body
    assert "Hello from" not in message.body  # allauth's own wording is not used


def test_an_account_without_a_school_gets_a_plain_subject(db, client) -> None:
    user = make_user(None, email="no-school@example.test")
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert [m.subject for m in mail.outbox] == ["sendit: reset your password"]
