"""Sessions (#14): a new key at sign-in, the idle timeout and the absolute
limit on a moving clock, other sessions ended by signing out, a password
change or deactivation, and Your signed-in devices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account import signals as account_signals
from allauth.core import ratelimit
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse

from audit.models import SecurityEvent, SecurityKind
from schools.models import Role, UserSession
from schools.services import staff_deactivate
from schools.sessions import device_summary
from tests.factories import PASSWORD, make_school, make_user

START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(autouse=True)
def sign_in_throttle_cleared():
    """The real form's sign-ins here are not failures, but allauth also counts
    every sign-in per address (in the shared cache, across tests)."""
    ratelimit.clear(RequestFactory().post("/"), action="login")


@pytest.fixture
def teacher(db):
    return make_user(make_school("Session Academy"), Role.TEACHER, email="t@sessions.test")


def sign_in(user, user_agent: str = CHROME_WINDOWS, *, form: bool = False) -> Client:
    """A browser signing in: through the real form, or (so that the sign-in
    throttle's counters are not run up) Django's login() with the browser's
    user agent put on its row as the form's request would."""
    client = Client(HTTP_USER_AGENT=user_agent)
    if form:
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, response.content[:300]
    else:
        client.force_login(user)
        UserSession.objects.filter(session_key=client.session.session_key).update(
            user_agent=user_agent
        )
    assert UserSession.objects.filter(session_key=client.cookies["sessionid"].value).exists()
    return client


def signed_in(client: Client) -> bool:
    response = client.get(reverse("schools:devices"))
    if response.status_code == 302:
        assert reverse("account_login") in response["Location"]
        return False
    assert response.status_code == 200
    return True


def test_signing_in_gives_a_new_session_key_and_drops_the_old_one(teacher) -> None:
    client = Client()
    session = client.session
    session["planted"] = "before sign-in"
    session.save()
    before = session.session_key
    assert Session.objects.filter(session_key=before).exists()
    response = client.post(reverse("account_login"), {"login": teacher.email, "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert UserSession.objects.get(user=teacher).session_key == after


def test_idle_for_the_timeout_signs_out_and_says_why(teacher, settings) -> None:
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in(teacher, form=True)
        clock.shift(timedelta(minutes=29))
        assert signed_in(client)  # activity: the clock starts again
        clock.shift(timedelta(minutes=29))
        assert signed_in(client)
        clock.shift(timedelta(minutes=30, seconds=1))
        key = client.cookies["sessionid"].value
        assert not signed_in(client)
        assert not Session.objects.filter(session_key=key).exists()
        assert not UserSession.objects.filter(session_key=key).exists()
        page = client.get(reverse("account_login"))
        assert "nothing happened for 30 minutes" in page.content.decode()


def test_the_pages_own_polling_is_not_activity(teacher) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in(teacher)
        for _ in range(5):
            clock.shift(timedelta(minutes=5))
            status = client.get(reverse("schools:session_status"))
            assert status.status_code == 200
            # A poller's request (htmx elements send the header) is not either.
            client.get(reverse("schools:devices"), HTTP_X_SENDIT_PASSIVE="1")
        assert status.json()["seconds_left"] == 5 * 60
        assert status.json()["can_stay"] is True
        clock.shift(timedelta(minutes=5, seconds=1))
        assert not signed_in(client)


def test_stay_signed_in_gives_the_full_time_again(teacher) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in(teacher)
        clock.shift(timedelta(minutes=29, seconds=10))
        stay = client.post(reverse("schools:session_stay"), HTTP_ACCEPT="application/json")
        assert stay.status_code == 200
        assert stay.json()["seconds_left"] == 30 * 60
        clock.shift(timedelta(minutes=29))
        status = client.get(reverse("schools:session_status")).json()
        assert status["seconds_left"] == 60
        assert status["warning_seconds"] == 60


def test_twelve_hours_after_sign_in_the_session_ends_however_active(teacher) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = sign_in(teacher)
        for _ in range(35):
            clock.shift(timedelta(minutes=20))
            assert signed_in(client)
        clock.shift(timedelta(minutes=19))  # 11h59m, 19 minutes idle
        status = client.get(reverse("schools:session_status")).json()
        assert status["seconds_left"] == 60 and status["can_stay"] is False
        clock.shift(timedelta(minutes=1))
        assert not signed_in(client)
        page = client.get(reverse("account_login"))
        assert "12 hours since you signed in" in page.content.decode()


def test_a_timed_out_session_ends_alone(teacher) -> None:
    with time_machine.travel(START, tick=False) as clock:
        idle = sign_in(teacher)
        clock.shift(timedelta(minutes=20))
        busy = sign_in(teacher, SAFARI_IPAD)
        clock.shift(timedelta(minutes=11))
        assert not signed_in(idle)
        assert signed_in(busy)
    assert not SecurityEvent.objects.filter(kind=SecurityKind.SESSIONS_ENDED).exists()


def test_signing_out_ends_the_accounts_other_sessions(teacher) -> None:
    here, elsewhere = sign_in(teacher, form=True), sign_in(teacher, SAFARI_IPAD)
    other = make_user(make_school(), Role.TEACHER, email="other@sessions.test")
    bystander = sign_in(other)
    response = here.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not signed_in(here)
    assert not signed_in(elsewhere)
    assert signed_in(bystander)
    assert not UserSession.objects.filter(user=teacher).exists()
    event = SecurityEvent.objects.get(kind=SecurityKind.SESSIONS_ENDED)
    assert event.user == teacher
    assert event.details == {"ended": 1, "reason": "signed_out"}


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(teacher) -> None:
    here, elsewhere = sign_in(teacher), sign_in(teacher, SAFARI_IPAD)
    new_password = "a-new-and-long-passphrase-for-sessions"
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert signed_in(here)
    assert not signed_in(elsewhere)
    rows = UserSession.objects.filter(user=teacher)
    assert [row.session_key for row in rows] == [here.cookies["sessionid"].value]
    event = SecurityEvent.objects.get(kind=SecurityKind.SESSIONS_ENDED)
    assert event.details == {"ended": 1, "reason": "password_changed"}


def test_deactivating_an_account_ends_its_sessions_and_their_rows(db) -> None:
    school = make_school()
    admin = make_user(school, Role.SCHOOL_ADMIN, email="admin@sessions.test")
    leaver = make_user(school, Role.TEACHER, email="leaver@sessions.test")
    first, second = sign_in(leaver), sign_in(leaver, SAFARI_IPAD)
    assert UserSession.objects.filter(user=leaver).count() == 2
    assert staff_deactivate(actor=admin, member=leaver) == 2
    assert not UserSession.objects.filter(user=leaver).exists()
    assert not signed_in(first) and not signed_in(second)


def test_the_devices_page_lists_live_sessions_and_marks_this_one(teacher) -> None:
    with time_machine.travel(START, tick=False) as clock:
        gone = sign_in(teacher)
        gone_key = gone.cookies["sessionid"].value
        clock.shift(timedelta(minutes=40))  # that one has timed out (not yet asked)
        ipad = sign_in(teacher, SAFARI_IPAD)
        clock.shift(timedelta(minutes=5))
        here = sign_in(teacher)
        Session.objects.filter(session_key=ipad.cookies["sessionid"].value).update(
            expire_date=datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
        )
        page = here.get(reverse("schools:devices"))
        body = page.content.decode()
        assert page.status_code == 200
        assert body.count("Chrome on Windows") == 1  # the timed-out Chrome is not listed
        assert "This device" in body
        assert "Safari on iPad" not in body  # its session has expired in the store
        assert UserSession.objects.filter(session_key=gone_key).exists()  # a row, not shown
        assert page.headers["Cache-Control"] == "no-store"


def test_sign_out_everywhere_else_keeps_this_device(teacher) -> None:
    here, ipad = sign_in(teacher), sign_in(teacher, SAFARI_IPAD)
    assert "Safari on iPad" in here.get(reverse("schools:devices")).content.decode()
    response = here.post(reverse("schools:devices_sign_out"), {"which": "others"}, follow=True)
    assert "Signed out on 1 other device" in response.content.decode()
    assert signed_in(here) and not signed_in(ipad)
    event = SecurityEvent.objects.get(kind=SecurityKind.SESSIONS_ENDED)
    assert event.details == {"ended": 1, "reason": "others"}
    assert event.user == teacher


def test_sign_out_everywhere_ends_this_device_too(teacher) -> None:
    here, ipad = sign_in(teacher), sign_in(teacher, SAFARI_IPAD)
    response = here.post(reverse("schools:devices_sign_out"), {"which": "all"})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert not signed_in(here) and not signed_in(ipad)
    assert not UserSession.objects.filter(user=teacher).exists()
    events = SecurityEvent.objects.filter(kind=SecurityKind.SESSIONS_ENDED)
    assert [event.details for event in events] == [{"ended": 1, "reason": "everywhere"}]


def test_sign_out_everywhere_needs_a_post(teacher) -> None:
    here = sign_in(teacher)
    assert here.get(reverse("schools:devices_sign_out")).status_code == 405
    assert signed_in(here)


def test_the_devices_page_reads_a_constant_number_of_queries(
    teacher, django_assert_max_num_queries
) -> None:
    here = sign_in(teacher)
    here.get(reverse("schools:devices"))
    with django_assert_max_num_queries(8) as few:
        assert here.get(reverse("schools:devices")).status_code == 200
    for n in range(12):
        sign_in(teacher, f"{SAFARI_IPAD} {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = here.get(reverse("schools:devices"))
    assert page.content.decode().count("Safari on iPad") == 12


@pytest.mark.parametrize(
    ("user_agent", "summary"),
    [
        (CHROME_WINDOWS, "Chrome on Windows"),
        (SAFARI_IPAD, "Safari on iPad"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Mac",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) Chrome/131.0.0.0", "Chrome on ChromeOS"),
        ("curl/8.5.0", "An unknown browser"),
        ("", "An unknown browser"),
    ],
)
def test_device_summary(user_agent: str, summary: str) -> None:
    assert device_summary(user_agent) == summary


def test_a_password_reset_ends_every_session(teacher) -> None:
    first, second = sign_in(teacher), sign_in(teacher, SAFARI_IPAD)
    request = RequestFactory().post("/accounts/password/reset/key/done/")
    account_signals.password_reset.send(sender=type(teacher), request=request, user=teacher)
    assert not signed_in(first) and not signed_in(second)
    event = SecurityEvent.objects.get(kind=SecurityKind.SESSIONS_ENDED)
    assert event.details == {"ended": 2, "reason": "password_reset"}
