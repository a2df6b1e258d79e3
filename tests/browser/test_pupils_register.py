"""The SENDCo's journey through the register, profile and review, in real Chromium."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from pupils.models import NeedType, ProfileReview, Pupil, SenStatus, Strategy, TargetOutcome
from schools.models import Role, User
from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_group, make_profile, make_pupil, make_school, make_user


@dataclass
class Scene:
    sendco: User
    teacher: User
    target: Pupil


@pytest.fixture
def scene(transactional_db) -> Scene:
    school = make_school("Hillside Academy")
    sendco = make_user(school, Role.SENDCO, email="sendco@browser.test")
    teacher = make_user(school, Role.TEACHER, email="teacher@browser.test")
    target = make_pupil(
        school,
        year_group=9,
        form="9C",
        need=NeedType.SLCN,
        legal_first_name="Imogen",
        legal_last_name="Hartley",
    )
    make_profile(target, strategies=["Give time to answer"], targets=["Ask when a word is new"])
    # Pupils the filters must leave out: same name, other year; same year, other need.
    make_pupil(school, year_group=7, need=NeedType.SLCN, legal_last_name="Hartley")
    make_pupil(school, year_group=9, need=NeedType.SEMH, legal_last_name="Hartwell")
    for n in range(12):
        make_pupil(school, year_group=7 + n % 5, need=NeedType.SPLD)
    make_pupil(school, sen_status=SenStatus.NONE, year_group=9)
    make_group(school, teachers=[teacher], pupils=[target], year_group=9)
    return Scene(sendco=sendco, teacher=teacher, target=target)


def test_sendco_finds_a_pupil_edits_the_profile_and_records_a_review(
    live_server, browser, scene
) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, scene.sendco.email, PASSWORD)
    page.goto(f"{live_server.url}/pupils/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SEND register")
    assert_no_axe_violations(page)

    page.get_by_label("Year group").select_option(label="Year 9")
    page.get_by_label("Need type (any rank)").select_option("SLCN")
    page.get_by_label("Name or UPN").fill("hart")
    page.get_by_role("button", name="Show pupils").click()
    expect(page.get_by_role("heading", name="1 pupil found")).to_be_visible()
    results = page.get_by_role("table")
    expect(results.get_by_role("link")).to_have_count(1)
    results.get_by_role("link", name="Hartley, Imogen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Imogen Hartley")
    expect(page.get_by_text("Speech, language and communication needs").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Edit the profile").click()
    page.get_by_label("About me").fill("I am Imogen. I like astronomy and my cat.")
    page.get_by_label("Strategy 2 (new)").fill("Show the key words on a card")
    # Move the new strategy up so that it comes first.
    page.get_by_role("button", name="Move Show the key words on a card up").click()
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("The profile of Imogen Hartley is saved.")).to_be_visible()
    strategies = page.locator(".strategies li")
    expect(strategies).to_have_text(["Show the key words on a card", "Give time to answer"])

    page.get_by_role("link", name="Record a review").click()
    assert_no_axe_violations(page)
    page.get_by_label("Review", exact=True).fill("Uses the word card without prompting.")
    page.get_by_role("radio", name="Partly met").check()
    page.get_by_role("button", name="Save the review").click()
    expect(
        page.get_by_text(re.compile(r"Review recorded\. The next review is due"))
    ).to_be_visible()
    expect(page.get_by_text("Uses the word card without prompting.")).to_be_visible()

    review = ProfileReview.objects.get(pupil=scene.target)
    assert review.outcomes.get().result == TargetOutcome.Result.PARTLY
    assert list(
        Strategy.objects.filter(profile__pupil=scene.target, is_active=True)
        .order_by("position")
        .values_list("text", flat=True)
    ) == ["Show the key words on a card", "Give time to answer"]
    context.close()


def test_filter_form_works_with_the_keyboard_alone(live_server, page, scene) -> None:
    sign_in(page, live_server, scene.sendco.email, PASSWORD)
    page.goto(f"{live_server.url}/pupils/register/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    # The page's one link above the filter comes first.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Register movement by term")).to_be_focused()
    order = [
        "Name or UPN",
        "Year group",
        "Form",
        "SEN status",
        "Need type (any rank)",
        "Broad area of need",
        "Pupil premium",
    ]
    for label in order:
        page.keyboard.press("Tab")
        expect(page.get_by_label(label)).to_be_focused()
        if label == "Name or UPN":
            page.keyboard.type("Hartley")
        if label == "Year group":
            # A closed select changes with the arrow keys: Any year, Year 7, 8, 9.
            for _ in range(3):
                page.keyboard.press("ArrowDown")
            expect(page.get_by_label("Year group")).to_have_value("9")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show pupils")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Hartley.*year_group=9"))
    expect(page.get_by_role("heading", name="1 pupil found")).to_be_visible()
    # The outline shows where the focus is.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_my_classes_and_the_teachers_view_of_the_pupil_pass_axe(live_server, page, scene):
    sign_in(page, live_server, scene.teacher.email, PASSWORD)
    page.goto(f"{live_server.url}/pupils/my-classes/")
    expect(page.get_by_text("Give time to answer")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Imogen Hartley").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imogen Hartley")
    expect(page.get_by_text(scene.target.upn)).to_have_count(0)
    assert_no_axe_violations(page)
