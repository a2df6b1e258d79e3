"""The sign-in throttle (schools/throttle.py): wrong passwords counted per
account and address together, so nobody else on the school's address is
locked out, and the owner signs in from anywhere else."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.urls import reverse

from audit.models import SecurityEvent, SecurityKind
from tests.factories import PASSWORD

SCHOOL_IP = "192.0.2.10"
HOME_IP = "198.51.100.4"
REFUSED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _try(client, email: str, password: str, ip: str = SCHOOL_IP):
    client.logout()
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def _fail(client, email: str, times: int, ip: str = SCHOOL_IP) -> None:
    for _ in range(times):
        response = _try(client, email, "not the password", ip)
        assert response.status_code == 200
        assert REFUSED not in response.content.decode()


def test_ten_failures_refuse_that_account_from_that_address(cast, client) -> None:
    _fail(client, cast.teacher.email, 10)
    response = _try(client, cast.teacher.email, PASSWORD)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    lockouts = SecurityEvent.objects.filter(kind=SecurityKind.LOCKED_OUT)
    assert [(e.user, e.ip, e.details) for e in lockouts] == [
        (cast.teacher, SCHOOL_IP, {"failures": 10, "minutes": 15})
    ]
    failures = SecurityEvent.objects.filter(user=cast.teacher, kind=SecurityKind.SIGN_IN_FAILED)
    assert failures.count() == 10


def test_nine_failures_do_not(cast, client) -> None:
    _fail(client, cast.teacher.email, 9)
    assert _try(client, cast.teacher.email, PASSWORD).status_code == 302


def test_the_owner_signs_in_from_another_address(cast, client) -> None:
    _fail(client, cast.teacher.email, 10)
    assert _try(client, cast.teacher.email, PASSWORD, HOME_IP).status_code == 302


def test_other_staff_on_the_same_address_sign_in(cast, client) -> None:
    _fail(client, cast.teacher.email, 10)
    assert _try(client, cast.teacher2.email, PASSWORD).status_code == 302
    assert _try(client, cast.ta.email, PASSWORD).status_code == 302


def test_many_people_failing_on_one_address_lock_nobody_else(cast, client) -> None:
    for person in (cast.teacher2, cast.ta, cast.governor):
        _fail(client, person.email, 9)
    assert _try(client, cast.teacher.email, PASSWORD).status_code == 302


def test_a_right_password_starts_the_count_again(cast, client) -> None:
    _fail(client, cast.teacher.email, 9)
    assert _try(client, cast.teacher.email, PASSWORD).status_code == 302
    _fail(client, cast.teacher.email, 9)
    assert _try(client, cast.teacher.email, PASSWORD).status_code == 302


def test_one_lockout_is_recorded_however_many_tries_follow(cast, client) -> None:
    _fail(client, cast.teacher.email, 10)
    for _ in range(3):
        _try(client, cast.teacher.email, "still guessing")
    assert SecurityEvent.objects.filter(kind=SecurityKind.LOCKED_OUT).count() == 1


def test_the_cool_off_ends(cast, client, settings) -> None:
    settings.SIGN_IN_COOL_OFF = 1
    _fail(client, cast.teacher.email, 10)
    assert REFUSED in _try(client, cast.teacher.email, PASSWORD).content.decode()
    time.sleep(1.2)
    assert _try(client, cast.teacher.email, PASSWORD).status_code == 302


def test_the_cool_off_is_at_most_half_an_hour(settings) -> None:
    from django.conf import settings as live

    assert live.SIGN_IN_FAILURE_LIMIT == 10
    assert live.SIGN_IN_FAILURE_WINDOW == 5 * 60
    assert 0 < live.SIGN_IN_COOL_OFF <= 30 * 60


def test_authenticate_without_a_request_is_not_throttled(cast, client) -> None:
    """The MIS and staff code call authenticate() with no request: never refused."""
    _fail(client, cast.teacher.email, 10)
    assert authenticate(email=cast.teacher.email, password=PASSWORD) == cast.teacher
    assert authenticate(None, email=cast.teacher.email, password="wrong") is None
