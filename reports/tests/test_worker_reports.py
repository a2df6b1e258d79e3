"""With a real Celery worker on Redis: every document for the demo school holds the
figures the read-side functions give, and a worker killed mid-report ends, after
a restart, with exactly one finished report for the request."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from calendar_app.queries import dates_ahead, overdue_counts
from feedback.queries import picture_build
from outcomes.queries import (
    attendance_comparison,
    needs_assessment_counts,
    parent_meetings_summary,
)
from pupils.access import pupils_for
from pupils.models import SenStatus
from pupils.queries import (
    impact_summary,
    provision_costs,
    provision_grid,
    register_counts,
    register_counts_on,
    register_movement,
    statutory_work_for,
)
from pupils.templatetags.provision_tags import money
from reports.models import ReportDocument
from reports.periods import current_term, latest_period_for
from reports.registry import all_kinds, kind_for
from reports.sections.dates import next_term
from reports.sections.register import movement_span, year_earlier
from reports.services import document_request, storage_path
from reports.tests.helpers import pdf_text, wait_finished
from schools.models import School, User
from schools.terms import latest_term
from sendit.celery import app as celery_app
from walks.access import programme_walks_for

pytestmark = pytest.mark.worker


def _need_broker() -> None:
    if not settings.CELERY_BROKER_URL:
        reason = "no broker configured (set CELERY_BROKER_URL to run against a real worker)"
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)


@pytest.fixture
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


@pytest.fixture
def real_worker(reports_root):
    _need_broker()
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        celery_app.conf.task_always_eager = True


def _slt() -> tuple[School, User]:
    school = School.objects.get(slug="demo")
    slt = User.objects.get(email="slt@demo.test")
    slt.work_in(school)
    return school, slt


def _row(text: str, *cells: object) -> bool:
    return re.search(r"\s+".join(re.escape(str(c)) for c in cells), text) is not None


def test_each_document_for_the_demo_school_holds_the_query_figures(
    transactional_db, real_worker
) -> None:
    call_command("seed_demo", verbosity=0)
    school, slt = _slt()
    period = current_term(school, timezone.localdate())
    texts: dict[str, str] = {}
    # The PDFs of a period (the subject access export, about one pupil, has its own test).
    for kind in (k for k in all_kinds() if not k.about_pupil):
        chosen = (
            period
            if period.kind in kind.periods
            else latest_period_for(school, timezone.localdate(), kind.periods)
        )
        document = document_request(school=school, kind=kind, period=chosen, requested_by=slt)
        wait_finished(document, 240)
        assert document.status == ReportDocument.Status.DONE, (kind.key, document.failure)
        assert document.worker  # made in the worker
        texts[kind.key] = text = pdf_text(storage_path(document))
        assert school.name in text and kind.title in text and chosen.label in text
        print(
            f"{kind.key}: {document.pages} pages, {document.seconds}s, "
            f"render peak {document.render_peak_kb} kB"
        )

    termly = texts["termly"]
    pupils = pupils_for(slt)
    counts = register_counts(pupils)
    assert f"{counts.register} of {counts.total} pupils are on the SEND register" in termly
    support = register_counts(pupils.filter(sen_status=SenStatus.SUPPORT))
    ehcp = register_counts(pupils.filter(sen_status=SenStatus.EHC_PLAN))
    for year, n in counts.by_year.items():
        assert _row(
            termly, f"Year {year}", support.by_year.get(year, 0), ehcp.by_year.get(year, 0), n
        ), year
    pp = register_counts(pupils.filter(pupil_premium=True))
    assert _row(termly, "Pupil premium", pp.support, pp.ehcp, pp.register, pp.total)
    walks = programme_walks_for(slt).filter(starts_on__gte=period.start, starts_on__lte=period.end)
    picture = picture_build(walks=walks, anonymise=False)
    assert f"{picture.visits} visits with {picture.observations} completed" in termly
    for share in picture.focus:
        assert _row(termly, share.title, share.seen, share.partly, share.not_seen, share.rated)

    ahead = next_term(school, period)
    dates = dates_ahead(school, first=ahead.start, last=ahead.end)
    assert f"{dates.total} dates in the calendar for {ahead.label}" in termly
    for label, n in dates.about_pupils.items():
        assert _row(termly, label, n), label
    overdue = overdue_counts(school, today=timezone.localdate())
    assert _row(termly, "Annual review invitations not sent", overdue.invitations_not_sent)
    assert _row(termly, "Profile reviews missed", overdue.profile_reviews_missed)
    assert _row(termly, "All overdue", overdue.total)

    _assert_new_termly_sections(termly, school, slt, period)

    governor = texts["governor"]
    assert "Who are the pupils with SEND?" in governor
    _assert_governor_text_is_anonymous(governor)
    today = timezone.localdate()
    meetings = parent_meetings_summary(school, today=today)
    assert _row(
        governor,
        "Meetings held this school year (profile reviews count)",
        shown(meetings.meetings_held),
    )
    movement = register_movement(school, first=period.start, last=min(period.end, today))
    assert _row(governor, "Added to the register", shown(movement.total.added))
    assert _row(governor, "SEN support to EHC plan (K to E)", shown(movement.total.to_ehcp))


def shown(n: int) -> str:
    """A figure with no relation to others, as the governor summary shows it."""
    return "fewer than 5" if 0 < n < 5 else str(n)


def _assert_new_termly_sections(termly: str, school: School, slt: User, period) -> None:
    """The register a year before and its movement, provision and impact, outcomes
    and statutory work: each figure as the read-side functions give it."""
    today = timezone.localdate()
    day = year_earlier(today)
    then = register_counts_on(school, day)
    assert then is not None  # the demo's history reaches a year back
    assert (
        f"On {day.day} {day:%B %Y}, {then.register} of {then.total} pupils were on the register"
        in " ".join(termly.split())
    )
    first, last = movement_span(period, today)
    movement = register_movement(school, first=first, last=last)
    assert movement.total.removed and movement.total.to_support  # the demo moves both ways
    for t in movement.terms:
        m = t.total
        assert _row(termly, t.term.label, m.added, m.removed, m.to_ehcp, m.to_support, m.net), t

    term = latest_term(school, period.start)
    waves = provision_grid(slt, term, across="wave")
    costs = provision_costs(slt, term, today=today)
    by_wave = {total.key: total for total in costs.by_wave}
    for column in waves.columns:
        total = by_wave[column.key]
        assert _row(
            termly,
            f"Wave {column.key}",
            column.interventions,
            column.pupils,
            money(total.to_date),
            money(total.projected),
        ), column.key
    assert f"{waves.interventions} interventions ran in the {term.label} term" in " ".join(
        termly.split()
    )
    impact = impact_summary(slt, term, today=today)
    assert impact.interventions and impact.without_exit
    assert (
        f"{len(impact.interventions)} interventions ended, with {impact.pupils} places "
        f"({impact.measured} with entry and exit measures). {impact.met} made the expected"
    ) in " ".join(termly.split())

    attendance = attendance_comparison(school, term=term)
    assert attendance.pupils, "the demo gives each past and current term's attendance"
    none = attendance.total.no_sen
    assert _row(
        termly,
        "No SEN",
        none.pupils,
        f"{none.mean_attendance}%",
        none.persistent_absentees,
        f"{none.persistent_absence_pct}%",
        none.pupils_suspended,
    )

    work = statutory_work_for(slt, first=period.start, last=period.end, today=today)
    for label, reviews in (
        ("Profile reviews", work.profile_reviews),
        ("EHC annual reviews", work.annual_reviews),
    ):
        assert _row(termly, label, reviews.due, reviews.done, reviews.not_done), label
    assert _row(termly, "Access arrangements with evidence missing", work.arrangements_missing)
    na = needs_assessment_counts(school, first=period.start, last=period.end, today=today)
    assert _row(termly, "Requested", na.requested) and _row(termly, "Refused", na.refused)
    meetings = parent_meetings_summary(school, today=today)
    assert _row(termly, "Meetings held (profile reviews count)", meetings.meetings_held)
    assert _row(termly, "Pupils who have had fewer than expected", meetings.pupils_behind)


def _assert_governor_text_is_anonymous(text: str) -> None:
    from reports.tests.test_governor import assert_anonymous

    assert_anonymous(text)


def test_a_worker_killed_mid_report_ends_with_one_finished_report(
    transactional_db, reports_root, cast
) -> None:
    _need_broker()
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    time_limit = 20
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REPORTS_ROOT": str(reports_root),
        "CELERY_TASK_TIME_LIMIT": str(time_limit),
        "CELERY_TASK_SOFT_TIME_LIMIT": str(time_limit - 5),
        "CELERY_VISIBILITY_TIMEOUT": str(time_limit),
    }
    kind = kind_for("termly")
    assert kind is not None
    worker = _start_worker(env)
    try:
        document = document_request(
            school=cast.school,
            kind=kind,
            period=current_term(cast.school, timezone.localdate()),
            requested_by=cast.slt,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # kill it while it lays out the PDF
            document.refresh_from_db()
            if document.status == "running" and document.steps_done >= len(kind.steps):
                break
            assert not document.is_finished, "finished before it could be killed"
            time.sleep(0.02)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        document.refresh_from_db()
        assert document.status == "running" and document.attempts == 1
        # Redis hands the unacknowledged task out again once the visibility
        # timeout has passed; the lease of the dead attempt runs out too.
        assert document.lease_until is not None
        while timezone.now() < document.lease_until + timezone.timedelta(seconds=2):
            time.sleep(0.5)
        worker = _start_worker(env)
        wait_finished(document, 180)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(20)
        celery_app.conf.task_always_eager = True
    assert document.status == ReportDocument.Status.DONE, document.failure
    assert document.attempts == 2
    assert ReportDocument.objects.count() == 1
    files = sorted(p.name for p in Path(reports_root).rglob("*") if p.is_file())
    assert files == [f"{document.pk}.pdf"], files
    assert cast.school.name in pdf_text(storage_path(document))


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sendit",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,
    )
