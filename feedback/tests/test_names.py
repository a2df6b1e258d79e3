"""Text that leaves a pupil's own teachers names nobody (good practice, walk reports)."""

from __future__ import annotations

import re

from django.core.management import call_command
from django.urls import reverse

from feedback.models import Feedback, WalkReport
from feedback.tests.conftest import completed, released
from pupils.models import Pupil
from schools.models import User
from sendit.lib.privacy import EVERYDAY_WORDS
from tests.factories import make_pupil


def _main(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_a_strength_that_names_a_pupil_is_not_shared(client, cast, setup) -> None:
    make_pupil(cast.school, legal_first_name="Kwame", legal_last_name="Mensah")
    feedback = released(
        completed(setup.visit, cast.sendco),
        strengths="Quiet, specific praise for Kwame\nModelled the first example",
    )
    client.force_login(cast.teacher)
    url = reverse("feedback:note", kwargs={"pk": feedback.pk})
    response = client.post(url, {"action": "share", "strength": "Quiet, specific praise for Kwame"})
    page = _main(response)
    assert response.status_code == 200
    assert "There is a problem" in page  # the error summary
    assert page.count("\u201cKwame\u201d") >= 2  # next to the field and in the summary
    assert re.search(r'value="Quiet, specific praise for Kwame"[^>]*checked', page)
    feedback.refresh_from_db()
    assert feedback.share_agreed_at is None and feedback.shared_strength == ""
    # A strength without a name is shared.
    client.post(url, {"action": "share", "strength": "Modelled the first example"})
    feedback.refresh_from_db()
    assert feedback.shared_strength == "Modelled the first example"


def test_good_practice_shows_only_agreed_strengths_that_name_nobody(client, cast, setup) -> None:
    agreed = released(completed(setup.visit, cast.sendco))
    agreed.agree_to_share("Calm start with clear routines")
    # Released but never agreed, agreed with no text, and agreed before a pupil
    # with that name joined: none of them is a card.
    released(completed(setup.visit2, cast.slt))
    other = released(completed(setup.visit2, cast.sendco))
    Feedback.objects.filter(pk=other.pk).update(shared_strength="Praise for Robin at the door")
    other.agree_to_share("Praise for Robin at the door")  # cast.pupil2 is Robin Elsewhere
    client.force_login(cast.teacher2)
    page = _main(client.get(reverse("feedback:good_practice")))
    assert page.count('class="card card-body') == 1
    assert "Calm start with clear routines" in page
    assert "Robin" not in page


def test_a_walk_report_that_names_someone_is_refused(client, cast, setup) -> None:
    released(completed(setup.visit, cast.sendco))
    client.force_login(cast.sendco)
    url = reverse("feedback:report_edit", kwargs={"walk_pk": setup.walk.pk})
    client.get(url)
    report = WalkReport.objects.get(walk=setup.walk)
    text = f"Ask {cast.teacher.display_name} to show the checklist to colleagues"
    response = client.post(
        url,
        {
            "version": report.version,
            "strengths": "Calm starts everywhere",
            "good_practice": text,
            "policy_changes": "",
            "closer_look": "",
            "action": "publish",
        },
    )
    page = _main(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f"\u201c{cast.teacher.display_name}\u201d" in page
    assert text in page  # nothing typed is lost
    report.refresh_from_db()
    assert report.status == WalkReport.Status.DRAFT
    assert "Calm starts everywhere" not in report.strengths


def test_no_demo_pupil_or_staff_name_on_good_practice_or_walk_reports(client, db) -> None:
    call_command("seed_demo", verbosity=0)
    sendco = User.objects.get(email="sendco@demo.test")
    school = sendco.school
    names = set()
    for first, last, preferred in Pupil.objects.filter(school=school).values_list(
        "legal_first_name", "legal_last_name", "preferred_name"
    ):
        names |= {first, last, preferred, f"{first} {last}"}
    for first, last in User.objects.in_school(school, active=False).values_list(
        "first_name", "last_name"
    ):
        names |= {first, last, f"{first} {last}"}
    names.discard("")
    client.force_login(User.objects.get(email="teacher@demo.test"))
    pages = [_main(client.get(reverse("feedback:good_practice")))]
    assert "card card-body" in pages[0]  # the demo has shared good practice
    reports = WalkReport.objects.filter(walk__school=school, status=WalkReport.Status.PUBLISHED)
    assert reports.exists()
    pages += [_main(client.get(reverse("feedback:report", kwargs={"pk": r.pk}))) for r in reports]
    client.force_login(sendco)
    pages += [
        _main(client.get(reverse("feedback:report_edit", kwargs={"walk_pk": r.walk_id})))
        for r in reports
    ]
    for page in pages:
        text = re.sub(r"<[^>]+>", " ", page)
        for name in names:
            pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
            flags = 0 if name.lower() in EVERYDAY_WORDS else re.IGNORECASE
            assert not re.search(pattern, text, flags), f"{name} on a shared page"
