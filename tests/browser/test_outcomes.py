"""The outcomes pages in real Chromium: the attendance comparison, a needs
assessment request with an error, and the meetings with parents; reached from
the menu, used by keyboard, and clean under axe."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from outcomes.models import AttendanceRecord, NeedsAssessment, ParentMeeting
from pupils.models import SenStatus
from sendit.lib.dates import school_year_start
from tests.browser.conftest import TABLET, assert_no_axe_violations, sign_in
from tests.factories import PASSWORD, make_pupil, make_school_year


def _scene(cast) -> None:
    today = timezone.localdate()
    year = school_year_start(today)
    # Autumn 1 is over, so one meeting is expected of every pupil on the register.
    later = [
        (today + timedelta(days=10 * n), today + timedelta(days=10 * n + 5)) for n in range(1, 6)
    ]
    make_school_year(cast.school, year, [(date(year, 8, 1), date(year, 8, 1)), *later])
    figures = [
        (cast.pupil, "86.5", "2"),
        (cast.pupil2, "92.0", "0"),
        (make_pupil(cast.school, sen_status=SenStatus.NONE, year_group=8), "95.5", "0"),
        (make_pupil(cast.school, sen_status=SenStatus.NONE, year_group=9), "88.0", "1"),
    ]
    for pupil, percent, days in figures:
        AttendanceRecord.objects.create(
            school=cast.school,
            pupil=pupil,
            school_year=year,
            term="",
            attendance_percent=Decimal(percent),
            suspension_days=Decimal(days),
            source=AttendanceRecord.Source.PUPIL_FILE,
        )


def test_sendco_compares_attendance_records_a_request_and_a_meeting(
    live_server, browser, cast
) -> None:
    _scene(cast)
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    sign_in(page, live_server, cast.sendco.email, PASSWORD)
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="Outcomes").click()
    menu.get_by_role("link", name="Attendance and suspensions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance and suspensions")
    table = page.locator("[data-table=attendance]")
    expect(table.get_by_role("columnheader", name="All SEND (K and E)")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Year 8")).to_be_visible()
    expect(page.get_by_text("89.3%").first).to_be_visible()  # (86.5 + 92) / 2
    assert_no_axe_violations(page)

    # Another period, chosen by keyboard: the page says there are no figures.
    page.get_by_label("Figures for").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Show").press("Enter")
    expect(page.get_by_text(re.compile("There are no attendance figures for"))).to_be_visible()
    assert "period=" in page.url
    assert_no_axe_violations(page)

    # A request with an error, then put right.
    pages = page.get_by_role("navigation", name="Outcomes pages")
    pages.get_by_role("link", name="EHC needs assessments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("EHC needs assessments")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Record a request").click()
    page.get_by_label("Pupil").select_option(str(cast.pupil.pk))
    requested = (timezone.localdate() - timedelta(weeks=8)).isoformat()
    page.get_by_label("Date requested").fill(requested)
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Where the request has got to").select_option("plan_issued")
    page.get_by_role("button", name="Save").press("Enter")
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_contain_text("Enter the date the local authority decided.")
    assert_no_axe_violations(page)
    # The summary's link takes the keyboard to the field; nothing typed is lost.
    summary.get_by_role("link", name=re.compile("Date of the decision")).press("Enter")
    expect(page.get_by_label("Date of the decision to assess")).to_be_focused()
    expect(page.get_by_label("Date requested")).to_have_value(requested)
    page.get_by_label("Where the request has got to").select_option("pending")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Needs assessment request saved.")
    row = page.get_by_role("row", name=re.compile(cast.pupil.legal_last_name))
    expect(row).to_contain_text("Past the 6-week deadline")
    assert NeedsAssessment.objects.get().requested_on.isoformat() == requested
    assert_no_axe_violations(page)

    # Meetings: both pupils on the register are behind; record one for Casey.
    pages.get_by_role("link", name="Meetings with parents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings with parents")
    expect(page.get_by_role("row", name=re.compile(cast.pupil2.legal_last_name))).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Record or see meetings for {cast.pupil.full_name}").press(
        "Enter"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(cast.pupil.full_name)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Note (optional)").fill("Agreed to try the reading club.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    expect(page.get_by_text("Agreed to try the reading club.")).to_be_visible()
    assert ParentMeeting.objects.get().pupil == cast.pupil
    page.get_by_role("link", name="Back to meetings with parents").click()
    expect(page.get_by_role("row", name=re.compile(cast.pupil.legal_last_name))).to_have_count(0)

    # The pupil's page shows the same, for SENDCo and SLT.
    page.goto(live_server.url + reverse("pupils:pupil", args=[cast.pupil.pk]))
    section = page.get_by_role(
        "region", name="Attendance, needs assessments and meetings with parents"
    )
    expect(section).to_contain_text("86.50% (persistently absent)")
    expect(section).to_contain_text("(profile reviews included): 1, with 1 expected")
    assert_no_axe_violations(page)
    context.close()
