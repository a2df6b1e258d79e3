"""The register movement page in real Chromium: reached from the register by keyboard,
its tables read by role, clean under axe, and narrow screens scroll no page sideways."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pupils.models import SenStatus, SenStatusChange
from schools.models import Role
from tests.browser.conftest import assert_no_axe_violations, sign_in
from tests.factories import make_pupil, make_school, make_user

PASSWORD = "a-long-browser-password-8"


@pytest.fixture
def sendco(transactional_db):
    school = make_school("Movement Academy")
    person = make_user(school, Role.SENDCO, email="sendco@movement.test")
    person.set_password(PASSWORD)
    person.save()
    today = timezone.localdate()
    for _ in range(3):
        pupil = make_pupil(school, sen_status=SenStatus.SUPPORT, year_group=8)
        SenStatusChange.objects.create(
            pupil=pupil, from_status="N", to_status="K", changed_on=today
        )
    moved = make_pupil(school, sen_status=SenStatus.EHC_PLAN, year_group=10)
    SenStatusChange.objects.create(pupil=moved, from_status="K", to_status="E", changed_on=today)
    return person


def test_movement_from_the_register_by_keyboard(live_server, page, sendco) -> None:
    sign_in(page, live_server, sendco.email, PASSWORD)
    page.goto(f"{live_server.url}/pupils/register/")
    link = page.get_by_role("link", name="Register movement by term")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register movement")
    expect(
        page.get_by_text("This school year so far: 3 added, 0 removed, 1 from K to E")
    ).to_be_visible()
    by_year = page.get_by_role("table", name="Movement this school year by the year group")
    expect(by_year.get_by_role("row", name="Year 8 3 0 0 0 +3")).to_be_visible()
    expect(by_year.get_by_role("row", name="Year 10 0 0 1 0 +0")).to_be_visible()
    assert_no_axe_violations(page)
    # A table region takes focus, so a keyboard user can scroll it.
    page.get_by_role("region", name="Movement this school year by year group").focus()
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
