"""The SENDCo asks for a pupil's subject access export from the pupil's page
by keyboard, follows it to ready and downloads the zip; axe finds nothing on
the export page or the document page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from schools.models import Role
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_assessment, make_pupil, make_school, make_user


@pytest.fixture
def pupil(transactional_db, settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    school = make_school("Hillside Academy")
    make_user(school, Role.SENDCO, email="sendco@hill.test")
    pupil = make_pupil(school, legal_first_name="Jordan", legal_last_name="Example")
    make_assessment(pupil)
    return pupil


def test_sendco_asks_for_and_downloads_the_export(live_server, page, pupil) -> None:
    sign_in(page, live_server, "sendco@hill.test", PASSWORD)
    page.goto(f"{live_server.url}/pupils/{pupil.pk}/")
    page.get_by_role("link", name="Subject access export").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject access export")
    expect(page.get_by_text("None yet.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Make a new export").focus()
    page.keyboard.press("Enter")
    # Tasks run in-process here: the export is made before the page comes back.
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject access export")
    status = page.get_by_role("status").filter(has_text="Ready")
    expect(status).to_be_visible(timeout=60_000)
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        status.get_by_role("link", name="Download the zip file").focus()
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".zip")
    page.get_by_role("link", name="Back to the pupil's exports").click()
    expect(page.get_by_role("link", name="Version 1")).to_be_visible()
