"""Capturing a visit on a tablet without ever losing a note, coached feedback, and
the teacher's walk notes, in real Chromium."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import Feedback, FeedbackReply, Observation
from schools.models import Role
from tests.browser.conftest import TABLET, assert_no_axe_violations, finish_sign_in, sign_in
from tests.factories import (
    PASSWORD,
    make_focus_area,
    make_group,
    make_observation,
    make_profile,
    make_pupil,
    make_school,
    make_user,
    make_visit,
    make_walk,
)
from walks.models import LearningWalk

LANDSCAPE = {"width": 1180, "height": 820}


@dataclass
class Scene:
    sendco: object
    visit: object
    pupil: object

    def capture_url(self, live_server) -> str:
        return live_server.url + reverse("feedback:capture", kwargs={"visit_pk": self.visit.pk})

    def record(self) -> Observation:
        return Observation.objects.get(visit=self.visit, observer=self.sendco)


@pytest.fixture
def scene(transactional_db) -> Scene:
    school = make_school("Hillside Academy")
    sendco = make_user(school, Role.SENDCO, email="sendco@scene.test")
    teacher = make_user(school, Role.TEACHER, email="teacher@scene.test")
    pupil = make_pupil(school, legal_first_name="Casey", legal_last_name="Visited")
    make_profile(pupil, strategies=["Sit near the front"])
    group = make_group(school, teachers=[teacher], pupils=[pupil])
    walk = make_walk(
        school,
        focus_areas=[make_focus_area(school, "Scaffolding for all")],
        observers=[sendco],
        title="Autumn walk",
    )
    return Scene(sendco=sendco, visit=make_visit(walk, group, teacher=teacher), pupil=pupil)


def _status(page):
    return page.locator("#save-status")


def test_observer_fills_in_a_visit_and_nothing_is_lost_offline(live_server, browser, scene) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, scene.sendco.email, PASSWORD)
    page.goto(scene.capture_url(live_server))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Capture: visit to")
    # The learner's name is both a jump link and the heading of their strategies.
    expect(page.get_by_role("heading", name="Casey Visited")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Enter the room").click()
    expect(page.get_by_role("timer")).to_contain_text("Time in the room: 0:0")
    page.locator("fieldset", has_text="Scaffolding for all").get_by_text("Seen", exact=True).click()
    page.locator("fieldset", has_text="Sit near the front").get_by_text("Seen in use").click()
    page.get_by_label("Strengths").fill("Steps were on the board")
    expect(_status(page)).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    record = scene.record()
    assert record.strengths == "Steps were on the board"
    assert record.entered_room_at is not None
    assert record.focus_evidence.get().rating == "seen"
    assert record.strategy_checks.get().result == "seen"

    # The connection drops while typing: the text stays and the status says so.
    page.route("**/feedback/capture/**", lambda route: route.abort())
    page.get_by_label("Even better if").fill("Check understanding before the task")
    expect(_status(page)).to_contain_text("Not saved: offline")
    expect(page.get_by_label("Even better if")).to_have_value("Check understanding before the task")
    assert scene.record().even_better_if == ""
    page.get_by_label("Even better if").press_sequentially(" starts")
    # The connection comes back: the retry sends everything typed meanwhile.
    page.unroute("**/feedback/capture/**")
    expect(_status(page)).to_contain_text(re.compile(r"Saved \d\d:\d\d"), timeout=10_000)
    assert scene.record().even_better_if == "Check understanding before the task starts"

    page.reload()
    expect(page.get_by_label("Even better if")).to_have_value(
        "Check understanding before the task starts"
    )
    expect(page.get_by_label("Strengths")).to_have_value("Steps were on the board")

    page.get_by_role("button", name="Save and mark as complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My observations")
    expect(page.get_by_role("table")).to_contain_text("Completed")
    assert scene.record().is_completed
    context.close()


@pytest.mark.parametrize("viewport", [TABLET, LANDSCAPE], ids=["portrait", "landscape"])
def test_capture_has_large_touch_targets_both_ways_round(
    live_server, browser, scene, viewport
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    sign_in(page, live_server, scene.sendco.email, PASSWORD)
    page.goto(scene.capture_url(live_server))
    form = page.locator("form[data-capture]")
    assert form.bounding_box()["width"] <= viewport["width"]
    for target in page.locator("form[data-capture] .btn-toggle, form[data-capture] .btn").all():
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, target.inner_text()
    context.close()


def test_two_tabs_on_one_record_show_both_versions(live_server, browser, scene) -> None:
    context = browser.new_context(viewport=TABLET)
    first = context.new_page()
    sign_in(first, live_server, scene.sendco.email, PASSWORD)
    first.goto(scene.capture_url(live_server))
    second = context.new_page()
    second.goto(scene.capture_url(live_server))

    first.get_by_label("Strengths").fill("Written in tab one")
    expect(_status(first)).to_contain_text("Saved")
    second.get_by_label("Strengths").fill("Written in tab two")
    panel = second.locator("#conflict-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Written in tab one")
    expect(panel).to_contain_text("Written in tab two")
    expect(_status(second)).to_contain_text("changed elsewhere")
    assert scene.record().strengths == "Written in tab one"
    expect(second.get_by_role("textbox", name="Strengths")).to_have_value("Written in tab two")
    assert_no_axe_violations(second)

    panel.get_by_role("button", name="Keep both: Strengths").click()
    panel.get_by_role("button", name="Save the merged record").click()
    expect(panel).to_be_hidden()
    expect(_status(second)).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    assert scene.record().strengths == "Written in tab two\nWritten in tab one"
    context.close()


def test_a_draft_survives_the_session_expiring(live_server, browser, scene) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, scene.sendco.email, PASSWORD)
    page.goto(scene.capture_url(live_server))
    page.get_by_label("Strengths").fill("Before the session ran out")
    expect(_status(page)).to_contain_text("Saved")

    context.clear_cookies()
    page.get_by_label("Other notes").fill("Typed after the session ran out")
    expect(_status(page)).to_contain_text("you have been signed out")
    assert scene.record().notes == ""
    _status(page).get_by_role("link", name="Sign in again to save them").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/feedback/capture/"))
    page.get_by_label("Email address").fill(scene.sendco.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    finish_sign_in(page, scene.sendco.email)

    expect(page).to_have_url(re.compile(r"/feedback/capture/\d+/$"))
    expect(page.get_by_label("Other notes")).to_have_value("Typed after the session ran out")
    expect(_status(page)).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    record = scene.record()
    assert record.notes == "Typed after the session ran out"
    assert record.strengths == "Before the session ran out"
    context.close()


def test_without_javascript_the_save_button_still_saves(live_server, browser, scene) -> None:
    context = browser.new_context(viewport=TABLET, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, scene.sendco.email, PASSWORD)
    page.goto(scene.capture_url(live_server))
    page.get_by_label("Strengths").fill("Saved with the button")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Saved")
    assert scene.record().strengths == "Saved with the button"
    context.close()


def test_judgemental_wording_is_flagged_as_it_is_typed(live_server, browser, scene) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, scene.sendco.email, PASSWORD)
    page.goto(scene.capture_url(live_server))
    expect(page.locator("#record-reminder")).to_contain_text("The teacher reads this record.")
    assert not Observation.objects.exists()  # opening the page made no record
    flags = page.locator("#flags-strengths")
    # Announced politely to screen readers, not as an alert.
    expect(flags).to_have_attribute("role", "status")
    expect(flags).to_have_attribute("aria-live", "polite")
    page.get_by_label("Strengths").press_sequentially("The pupils were lazy")
    expect(flags).to_contain_text("lazy")
    expect(flags).to_contain_text("Describe the behaviour you saw, not the person.")
    expect(_status(page)).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    assert scene.record().strengths == "The pupils were lazy"  # the first autosave made it
    assert_no_axe_violations(page)

    # Completing with the word still there asks for a reason; nothing typed is lost.
    page.get_by_role("button", name="Save and mark as complete").click()
    expect(page.get_by_role("alert")).to_contain_text("may read as a judgement")
    expect(page.get_by_label("Strengths")).to_have_value("The pupils were lazy")
    expect(page.locator("#flags-strengths")).to_contain_text("lazy")
    assert not scene.record().is_completed
    assert_no_axe_violations(page)

    # Rewording clears the flag as it is typed.
    page.get_by_label("Strengths").fill("Two pupils stopped working after the first task")
    expect(page.locator("#flags-strengths")).to_have_text("")
    # Let the autosave of the new words finish (on a loaded machine it can
    # still be on its way when the button is pressed).
    deadline = time.monotonic() + 10
    while scene.record().strengths != "Two pupils stopped working after the first task":
        assert time.monotonic() < deadline, "the autosave of the new words never arrived"
        time.sleep(0.1)
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Save and mark as complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My observations")
    record = scene.record()
    assert record.is_completed and record.wording_reason == ""
    context.close()


def test_a_flagged_draft_needs_a_reason_before_release(live_server, browser, scene) -> None:
    observation = make_observation(
        scene.visit,
        scene.sendco,
        strengths="Calm start\nClear modelling",
        even_better_if="Check understanding",
        status=Observation.Status.COMPLETED,
        completed_at=timezone.now(),
    )
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, scene.sendco.email, PASSWORD)
    page.goto(
        live_server.url + reverse("feedback:draft", kwargs={"observation_pk": observation.pk})
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feedback for")
    assert_no_axe_violations(page)
    page.get_by_label("Points to work on").fill("Check understanding\nWait time\nA poor plenary")
    page.get_by_label("One supportive next step").fill("Try a hinge question")
    page.get_by_label("What you will provide").select_option("time")
    page.get_by_label("Provided by (date)").fill(timezone.localdate().isoformat())
    coach = page.get_by_role("complementary")
    # The coach re-checks as the SENDCo types, before anything is saved.
    expect(coach).to_contain_text("Keep to at most 2 points to work on (now 3)")
    expect(page.locator("#coach-status")).to_contain_text("to look at")
    assert not Feedback.objects.exists()
    page.get_by_role("button", name="Release to the teacher").click()

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(coach).to_contain_text("Keep to at most 2 points to work on (now 3)")
    expect(coach.locator(".coach-flagged")).to_contain_text("poor")
    expect(page.get_by_label("Points to work on")).to_have_value(
        "Check understanding\nWait time\nA poor plenary"
    )
    assert Feedback.objects.get().status == Feedback.Status.DRAFT
    assert_no_axe_violations(page)

    page.get_by_label(re.compile("Reason to release")).fill("Agreed in our conversation")
    page.get_by_role("button", name="Release to the teacher").click()
    # Releasing is final, so it asks once more, saying who will read the note.
    expect(page.get_by_role("heading", level=1)).to_have_text("Release this note?")
    expect(page.get_by_text("will read this note and every record of the visit")).to_be_visible()
    assert Feedback.objects.get().status == Feedback.Status.DRAFT
    page.get_by_role("button", name=re.compile("^Release to ")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Released feedback")
    feedback = Feedback.objects.get()
    assert feedback.status == Feedback.Status.RELEASED
    assert feedback.override_reason == "Agreed in our conversation"
    context.close()


@pytest.fixture
def demo_school(transactional_db) -> None:
    call_command("seed_demo", verbosity=0)


def test_teacher_reads_and_replies_and_teacher2_gets_404(live_server, browser, demo_school) -> None:
    note = Feedback.objects.filter(
        observation__visit__teacher__email="teacher@demo.test",
        status=Feedback.Status.RELEASED,
        observation__visit__walk__state=LearningWalk.State.COMPLETED,
    ).first()
    assert note is not None
    note_url = live_server.url + reverse("feedback:note", kwargs={"pk": note.pk})

    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "teacher@demo.test", settings.DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Walk notes", exact=True)).to_be_visible()
    page.locator(".walk-notes a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Walk note:")
    expect(page.get_by_role("heading", name="The note")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Your reply").fill("Could we look at the profiles together on Friday?")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Could we look at the profiles together on Friday?")).to_be_visible()
    assert FeedbackReply.objects.filter(
        feedback=note, author__email="teacher@demo.test", text__startswith="Could we"
    ).exists()
    assert_no_axe_violations(page)
    context.close()

    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, "teacher2@demo.test", settings.DEMO_PASSWORD)
    response = page.goto(note_url)
    assert response.status == 404
    context.close()
