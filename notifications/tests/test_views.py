"""The notifications list, opening and marking read, and email preferences."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from notifications.models import EmailPreference, Kind, Notification
from notifications.services import notification_send


def tell(user, n: int = 0, **extra) -> Notification:
    values = {
        "kind": Kind.CONCERN_DECIDED,
        "title": f"A concern you raised has been decided ({n})",
        "url": reverse("pupils:my_concerns"),
        "event_key": f"test:{n}",
    }
    values.update(extra)
    return notification_send(recipient=user, **values)


def test_the_list_is_the_persons_own_newest_first(client, cast, django_assert_max_num_queries):
    for n in range(30):
        tell(cast.teacher, n)
    tell(cast.teacher2, 99, title="Not yours")
    client.force_login(cast.teacher)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("notifications:list")).content.decode()
    assert "(29)" in page and "(5)" in page and "(4)" not in page  # 25 a page
    assert page.index("(29)") < page.index("(28)")
    assert "Not yours" not in page
    assert 'Notifications <span class="badge text-bg-primary">30</span>' in page


def test_mark_one_and_all_read(client, cast) -> None:
    first, second = tell(cast.teacher, 1), tell(cast.teacher, 2)
    client.force_login(cast.teacher)
    assert client.get(reverse("notifications:read", kwargs={"pk": first.pk})).status_code == 405
    client.post(reverse("notifications:read", kwargs={"pk": first.pk}))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_read and not second.is_read
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_others_notifications_are_404(client, cast) -> None:
    theirs = tell(cast.teacher2, 1)
    elsewhere = tell(cast.other_sendco, 2)
    client.force_login(cast.teacher)
    for notification in (theirs, elsewhere):
        for name in ("notifications:open", "notifications:read"):
            url = reverse(name, kwargs={"pk": notification.pk})
            assert client.post(url).status_code == 404
            assert client.get(url).status_code in {404, 405}
    theirs.refresh_from_db()
    assert not theirs.is_read
    client.post(reverse("notifications:read_all"))
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_turning_an_email_off_keeps_the_in_app_item(
    client, cast, django_capture_on_commit_callbacks
) -> None:
    mail.outbox = []
    client.force_login(cast.teacher)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "A concern you raised is decided" in page and "checked" in page
    wanted = {kind: "on" for kind in Kind.values if kind != Kind.CONCERN_DECIDED}
    response = client.post(reverse("notifications:preferences"), wanted)
    assert response.status_code == 302
    assert (
        EmailPreference.objects.get(user=cast.teacher, kind=Kind.CONCERN_DECIDED).send_email
        is False
    )
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast.teacher, 1)
        tell(cast.teacher, 2, kind=Kind.FEEDBACK_RELEASED, title="Feedback is ready")
    assert Notification.objects.filter(recipient=cast.teacher).count() == 2
    assert [m.subject for m in mail.outbox] == ["sendit: Feedback is ready"]
    # Every kind off: still every item in the app, and no email.
    client.post(reverse("notifications:preferences"), {})
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast.teacher, 3, kind=Kind.FEEDBACK_RELEASED)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=cast.teacher).count() == 3


def test_the_same_event_tells_once(cast, django_capture_on_commit_callbacks) -> None:
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast.sendco, 7)
        tell(cast.sendco, 7, title="Said again")
    assert Notification.objects.get(recipient=cast.sendco).title.endswith("(7)")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    open_url = reverse("notifications:open", kwargs={"pk": Notification.objects.get().pk})
    assert open_url in body and reverse("notifications:preferences") in body


def test_signed_out_is_sent_to_sign_in(client) -> None:
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("account_login") in response.url
