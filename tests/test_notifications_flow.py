"""Concerns tell the SENDCo when raised and the raiser when decided, never naming the pupil
by email; the SENDCo's digest of dates due goes once a day at most."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from calendar_app.digest import dates_due_digest_send
from calendar_app.models import Kind as Kind_
from calendar_app.tasks import send_dates_due_digest
from calendar_app.tests.factories import make_event
from notifications.models import Kind, Notification
from tests.factories import make_concern, make_ehc_plan


def test_a_concern_raised_tells_the_sendco_and_decided_tells_the_raiser(
    client, cast, django_capture_on_commit_callbacks
) -> None:
    mail.outbox = []
    client.force_login(cast.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pupils:concern_create"),
            {
                "pupil": cast.pupil.pk,
                "noticed": "Quiet and withdrawn in group work",
                "where": "",
                "noticed_on": timezone.localdate().isoformat(),
            },
        )
    assert response.status_code == 302
    raised = Notification.objects.get(kind=Kind.CONCERN_RAISED)
    assert raised.recipient == cast.sendco
    concern = cast.pupil.concerns.get()
    assert raised.url == reverse("pupils:concern_triage", kwargs={"pk": concern.pk})
    client.force_login(cast.sendco)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pupils:concern_triage", kwargs={"pk": concern.pk}),
            {"outcome": "monitor", "triaged_on": timezone.localdate().isoformat(), "note": ""},
        )
    assert response.status_code == 302
    decided = Notification.objects.get(kind=Kind.CONCERN_DECIDED)
    assert decided.recipient == cast.teacher
    assert decided.title == "A concern you raised has been decided"
    assert [m.to for m in mail.outbox] == [[cast.sendco.email], [cast.teacher.email]]
    for email in mail.outbox:
        text = email.subject + email.body
        assert cast.pupil.legal_first_name not in text and cast.pupil.legal_last_name not in text
        assert "Quiet and withdrawn" not in text
    # The raiser opens it from the list, where access is checked as ever.
    client.force_login(cast.teacher)
    response = client.get(reverse("notifications:open", kwargs={"pk": decided.pk}), follow=True)
    assert "Monitor" in response.content.decode()


def test_the_sendco_deciding_their_own_concern_is_not_told(client, cast) -> None:
    concern = make_concern(cast.pupil, raised_by=cast.sendco)
    client.force_login(cast.sendco)
    client.post(
        reverse("pupils:concern_triage", kwargs={"pk": concern.pk}),
        {"outcome": "monitor", "triaged_on": timezone.localdate().isoformat(), "note": ""},
    )
    assert not Notification.objects.exists()


def test_the_digest_goes_once_a_day(cast, django_capture_on_commit_callbacks) -> None:
    mail.outbox = []
    today = date(2026, 3, 2)
    make_event(
        cast.school, day=today + timedelta(days=3), kind=Kind_.PROFILE_REVIEW, pupil=cast.pupil
    )
    make_event(
        cast.school, day=today + timedelta(days=2), kind=Kind_.ANNUAL_REVIEW, pupil=cast.pupil2
    )
    make_event(
        cast.school, day=today - timedelta(days=5), kind=Kind_.REVIEW_PAPERS, pupil=cast.pupil2
    )
    make_ehc_plan(cast.pupil2, issued_on=date(2024, 3, 6), last_annual_review=date(2025, 2, 1))
    make_event(cast.school, day=today + timedelta(days=9), title="Beyond the week")
    make_event(cast.other_school, day=today + timedelta(days=1), title="Training", for_staff=True)
    noon = timezone.make_aware(datetime(2026, 3, 2, 12, 0))
    with time_machine.travel(noon, tick=False), django_capture_on_commit_callbacks(execute=True):
        send_dates_due_digest.delay()
        send_dates_due_digest.delay()
    digest = Notification.objects.get(recipient=cast.sendco, kind=Kind.DATES_DUE)
    assert digest.title == (
        "Next seven days: 1 annual review date, 1 profile review or parents' meeting; "
        "overdue: 1 annual review, 1 set of papers"
    )
    assert digest.url == reverse("calendar:agenda")
    other = Notification.objects.get(recipient=cast.other_sendco)
    assert other.title == "Next seven days: 1 other date"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.sendco.email, cast.other_sendco.email]
    )
    for email in mail.outbox:
        for pupil in (cast.pupil, cast.pupil2):
            assert pupil.legal_first_name not in email.body
            assert pupil.legal_last_name not in email.subject + email.body
    # The next day is a new digest.
    with time_machine.travel(noon + timedelta(days=1), tick=False):
        dates_due_digest_send()
    assert Notification.objects.filter(recipient=cast.sendco, kind=Kind.DATES_DUE).count() == 2


def test_nothing_due_sends_no_digest(cast) -> None:
    assert dates_due_digest_send(today=date(2026, 3, 2)) == []
    assert not Notification.objects.exists()
