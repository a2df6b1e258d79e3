"""Provision in a real browser: the MIS import preview, and raising a concern."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from pupils.models import Concern
from schools.models import User
from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_profile

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "mis"


def test_sendco_previews_then_imports_staff_and_sees_a_bad_file_refused(
    live_server, browser, cast
) -> None:
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, cast.sendco.email, PASSWORD)
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="Pupils").click()
    menu.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from the MIS")
    assert_no_axe_violations(page)

    page.get_by_label("Staff", exact=True).check()
    page.get_by_label("CSV file").set_input_files(str(SAMPLES / "staff.csv"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.get_by_role("row", name=re.compile("Rosa Castellano"))).to_be_visible()
    expect(page.get_by_text("to create")).to_be_visible()
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    assert not User.objects.filter(email="r.castellano@demo.test").exists()

    page.get_by_role("button", name="Import these changes").click()
    expect(page.get_by_role("status")).to_contain_text("4 created, 0 updated")
    assert User.objects.in_school(cast.school).filter(email="r.castellano@demo.test").exists()

    page.get_by_label("Pupils with their SEN data").check()
    page.get_by_label("CSV file").set_input_files(str(SAMPLES / "pupils_bad.csv"))
    page.get_by_role("button", name="Check the file").click()
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("Nothing was imported: 9 rows need fixing")
    expect(problems.get_by_role("row", name=re.compile(r"^3 .*check letter"))).to_be_visible()
    expect(problems.get_by_role("row", name=re.compile(r"^11 .*no need types"))).to_be_visible()
    assert_no_axe_violations(page)
    assert not cast.school.pupils.filter(mis_id="NPA09101").exists()
    context.close()


def test_teacher_raises_a_concern_from_my_classes_and_sees_the_decision(
    live_server, browser, cast
) -> None:
    make_profile(cast.pupil, strategies=["Seat near the front"])
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, cast.teacher.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My classes and walk notes")
    page.get_by_role("link", name=f"Raise a concern about {cast.pupil.first_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a concern")
    expect(page.get_by_label("Pupil")).to_have_value(str(cast.pupil.pk))
    # Only pupils this teacher teaches can be chosen.
    options = page.get_by_label("Pupil").locator("option").all_inner_texts()
    assert not any(cast.pupil2.legal_last_name in option for option in options)

    page.get_by_role("button", name="Send to the SENDCo").click()  # nothing written yet
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_no_axe_violations(page)
    page.get_by_label("What was noticed").fill("Stops writing after a few lines and rubs out.")
    page.get_by_label("Where (lesson, room, time)").fill("Period 3, E4")
    page.get_by_role("button", name="Send to the SENDCo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My concerns")
    expect(page.get_by_text("Waiting for the SENDCo.")).to_be_visible()
    assert_no_axe_violations(page)
    concern = Concern.objects.get()
    assert (concern.pupil, concern.raised_by, concern.group) == (
        cast.pupil,
        cast.teacher,
        cast.group,
    )
    context.close()

    sendco = browser.new_context(viewport=TABLET).new_page()
    sign_in(sendco, live_server, cast.sendco.email, PASSWORD)
    sendco.goto(f"{live_server.url}/pupils/concerns/")
    assert_no_axe_violations(sendco)
    sendco.get_by_role("link", name=f"Decide on the concern about {cast.pupil.full_name}").click()
    sendco.get_by_label("Assess further").check()
    sendco.get_by_label("Note for the member of staff who raised it").fill(
        "I will screen Casey's handwriting speed this week."
    )
    assert_no_axe_violations(sendco)
    sendco.get_by_role("button", name="Record the decision").click()
    expect(sendco.get_by_role("status")).to_contain_text("Assess further")
    sendco.context.close()

    again = browser.new_context(viewport=TABLET).new_page()
    sign_in(again, live_server, cast.teacher.email, PASSWORD)
    again.get_by_role("navigation", name="Main").get_by_role("link", name="My concerns").click()
    expect(again.get_by_text(re.compile("Decision on .*: Assess further"))).to_be_visible()
    expect(again.get_by_text("I will screen Casey's handwriting speed this week.")).to_be_visible()
    again.context.close()
