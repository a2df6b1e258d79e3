"""Every page that shows a pupil's record or an observation writes the audit of
reading by itself: the lookups write it, no view does (audit/reads.py).

Every URL of the pupils and feedback apps is classified here, as a page that
shows such a record or as one that does not (with the reason), so a new URL
fails until someone decides which it is.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audit.models import ReadKind, RecordRead
from feedback.models import Feedback
from pupils.models import SenStatus
from schools.models import Role
from tests.access import pupils as pupils_access
from tests.factories import (
    make_arrangement,
    make_assessment,
    make_concern,
    make_ehc_plan,
    make_intervention,
    make_pupil,
)
from tests.test_access_matrix import MATRIX, _url_names

AUDITED_APPS = ("pupils", "feedback", "outcomes")


@dataclass(frozen=True)
class Shows:
    """A page that shows a record: who opens it, and which record it must name.

    setup builds the URL's arguments and returns them with the record id
    expected in the audit; by default the access matrix's arguments and the
    cast's pupil.
    """

    role: str
    kind: str = ReadKind.PUPIL
    setup: Callable[[object], tuple[dict | None, int]] | None = None


def _observation_of_sendco(cast):
    from tests.access.feedback import _observation

    return _observation(cast)


def _observed(cast) -> tuple[dict | None, int]:
    return None, _observation_of_sendco(cast).pk


def _observation_kwargs(key: str) -> Callable[[object], tuple[dict, int]]:
    def setup(cast) -> tuple[dict, int]:
        observation = _observation_of_sendco(cast)
        return {key: observation.pk}, observation.pk

    return setup


def _capture(cast) -> tuple[dict, int]:
    observation = _observation_of_sendco(cast)
    return {"visit_pk": observation.visit_id}, observation.pk


def _note(cast) -> tuple[dict, int]:
    feedback = MATRIX["feedback:note"].kwargs(cast)["pk"]
    return {"pk": feedback}, Feedback.objects.get(pk=feedback).observation_id


def _walk_notes(cast) -> tuple[None, int]:
    _kwargs, observation_pk = _note(cast)
    return None, observation_pk


def _released_kwargs(name: str):
    def setup(cast) -> tuple[dict, int]:
        observation_pk = MATRIX[name].kwargs(cast)["observation_pk"]
        return {"observation_pk": observation_pk}, observation_pk

    return setup


def _good_practice(cast) -> tuple[None, int]:
    observation = _observation_of_sendco(cast)
    Feedback.objects.create(
        observation=observation,
        strengths="Clear routines",
        status=Feedback.Status.RELEASED,
        released_at=timezone.now(),
        share_agreed_at=timezone.now(),
    )
    return None, observation.pk


def _ended_intervention(cast) -> tuple[None, int]:
    today = timezone.localdate()
    make_intervention(
        cast.school,
        pupils=[cast.pupil],
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=5),
    )
    return None, cast.pupil.pk


def _ended_yesterday(cast) -> tuple[None, int]:
    # The impact page shows the term of yesterday, when the latest intervention ended.
    today = timezone.localdate()
    intervention = make_intervention(
        cast.school,
        pupils=[cast.pupil],
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=1),
    )
    intervention.places.update(entry_measure=10, exit_measure=14)
    return None, cast.pupil.pk


def _running_intervention(cast) -> tuple[None, int]:
    make_intervention(cast.school, pupils=[cast.pupil])
    return None, cast.pupil.pk


def _low_reading_age(cast) -> tuple[None, int]:
    make_assessment(cast.pupil, reading_age_months=60)
    return None, cast.pupil.pk


def _arrangement_to_check(cast) -> tuple[None, int]:
    make_arrangement(cast.pupil)
    return None, cast.pupil.pk


def _ehc_kwargs(cast) -> tuple[dict, int]:
    kwargs = pupils_access._ehc_pupil(cast)
    return kwargs, kwargs["pupil_pk"]


def _ehc_plan(cast) -> tuple[None, int]:
    pupil = make_pupil(cast.school, sen_status=SenStatus.EHC_PLAN)
    make_ehc_plan(pupil)
    return None, pupil.pk


def _open_concern(cast) -> tuple[None, int]:
    make_concern(cast.pupil, raised_by=cast.teacher)
    return None, cast.pupil.pk


def _in_progress_assessment(cast) -> tuple[None, int]:
    from tests.access.outcomes import make_needs_assessment

    make_needs_assessment(cast.pupil)
    return None, cast.pupil.pk


def _pupil_behind(cast) -> tuple[None, int]:
    """Term dates with Autumn 1 over, so one meeting is expected; cast.pupil has none."""
    from datetime import date

    from sendit.lib.dates import school_year_start
    from tests.factories import make_school_year

    today = timezone.localdate()
    start = school_year_start(today)
    later = [
        (today + timedelta(days=10 * n), today + timedelta(days=10 * n + 5)) for n in range(1, 6)
    ]
    make_school_year(cast.school, start, [(date(start, 8, 1), date(start, 8, 1)), *later])
    return None, cast.pupil.pk


S, L, T, A = Role.SENDCO, Role.SLT, Role.TEACHER, Role.TA
OBS = ReadKind.OBSERVATION

SHOWS_A_RECORD: dict[str, Shows] = {
    "outcomes:assessments": Shows(L, setup=_in_progress_assessment),
    "outcomes:assessment_edit": Shows(S),
    "outcomes:meetings": Shows(L, setup=_pupil_behind),
    "outcomes:pupil_meetings": Shows(L),
    "outcomes:meeting_add": Shows(S),
    "outcomes:meeting_edit": Shows(S),
    "pupils:register": Shows(L),
    "pupils:my_classes": Shows(T),
    "pupils:register_csv": Shows(L),
    "pupils:pupil": Shows(T),
    "pupils:pupil_status": Shows(S),
    "pupils:audit": Shows(S),
    "pupils:profile_edit": Shows(S),
    "pupils:profile_print": Shows(A),
    "pupils:review_add": Shows(S),
    "pupils:group": Shows(T),
    "pupils:interventions_missing_exit": Shows(L, setup=_ended_intervention),
    "pupils:intervention_detail": Shows(L),
    "pupils:intervention_measures": Shows(S),
    "pupils:provision_pupil_costs": Shows(L, setup=_running_intervention),
    "pupils:provision_impact": Shows(L, setup=_ended_yesterday),
    "pupils:assessment_create": Shows(S),
    "pupils:assessment_edit": Shows(S),
    "pupils:reading_flags": Shows(L, setup=_low_reading_age),
    "pupils:arrangement_create": Shows(S),
    "pupils:arrangement_edit": Shows(S),
    "pupils:arrangements_attention": Shows(L, setup=_arrangement_to_check),
    "pupils:ehc_edit": Shows(S, setup=_ehc_kwargs),
    "pupils:ehc_reviews": Shows(L, setup=_ehc_plan),
    "pupils:concerns": Shows(L, setup=_open_concern),
    "pupils:my_concerns": Shows(T, setup=_open_concern),
    "pupils:concern_triage": Shows(S),
    "feedback:my_observations": Shows(S, OBS, setup=_observed),
    "feedback:capture": Shows(S, OBS, setup=_capture),
    "feedback:observations": Shows(L, OBS, setup=_observed),
    "feedback:observation": Shows(L, OBS, setup=_observation_kwargs("pk")),
    "feedback:draft": Shows(S, OBS, setup=_observation_kwargs("observation_pk")),
    "feedback:coach": Shows(S, OBS, setup=_observation_kwargs("observation_pk")),
    "feedback:note": Shows(T, OBS, setup=_note),
    "feedback:walk_notes": Shows(T, OBS, setup=_walk_notes),
    "feedback:correct": Shows(S, OBS, setup=_released_kwargs("feedback:correct")),
    "feedback:withdraw": Shows(S, OBS, setup=_released_kwargs("feedback:withdraw")),
    "feedback:good_practice": Shows(T, OBS, setup=_good_practice),
}

SHOWS_NO_RECORD: dict[str, str] = {
    "pupils:register_movement": "counts of pupils added, removed and moved per term, no pupil",
    "outcomes:attendance": "counts and means by year group and SEN status, no pupil",
    "outcomes:attendance_import": "the upload form",
    "outcomes:attendance_import_preview": "redirects until a file is checked",
    "outcomes:assessment_create": "a picker of the names of the school's pupils",
    "pupils:groups": "teaching groups with counts of pupils, no pupil",
    "pupils:interventions": "interventions with counts of places",
    "pupils:intervention_create": "an empty form",
    "pupils:intervention_edit": "the intervention's own details",
    "pupils:intervention_remove_pupil": "a POST that redirects",
    "pupils:arrangement_delete": "a POST that redirects",
    "pupils:provision_grid": "counts of pupils by year group and area, intervention names",
    "pupils:provision_grid_csv": "the grid's counts as a spreadsheet",
    "pupils:provision_costs": "costs of interventions and totals, no pupil",
    "pupils:staff_rates": "the school's hourly rates by role",
    # A form's choices are read with .iterator(), past the audit: a name to pick
    # is not a record read (audit/reads.py).
    "pupils:intervention_pupils": "a picker of the names of pupils on the register",
    "pupils:concern_create": "a picker of the names of the pupils the raiser teaches",
    "pupils:import": "the upload form",
    "pupils:import_preview": "redirects until a file is checked",
    "feedback:words": "the school's list of judgemental words",
    "feedback:word_remove": "a POST that redirects",
    "feedback:release": "a POST that redirects",
    "feedback:picture": "aggregates only",
    "feedback:reports": "published walk reports, which name no pupil or teacher",
    "feedback:report": "a published walk report",
    "feedback:report_edit": "the walk report being drafted",
}


def test_every_pupils_and_feedback_url_is_classified() -> None:
    from django.urls import get_resolver

    names = {n for n in _url_names(get_resolver()) if n.split(":")[0] in AUDITED_APPS}
    classified = SHOWS_A_RECORD.keys() | SHOWS_NO_RECORD.keys()
    assert not SHOWS_A_RECORD.keys() & SHOWS_NO_RECORD.keys()
    assert not sorted(names - classified), "Say whether these pages show a pupil's record"
    assert not sorted(classified - names), "Classified URLs that no longer exist"


def _open(client, cast, name: str, kwargs: dict | None):
    entry = MATRIX[name]
    url = reverse(name, kwargs=kwargs)
    if entry.method == "post":
        return url, client.post(url, entry.data(cast) if entry.data else {})
    return url, client.get(url)


@pytest.mark.parametrize("name", sorted(SHOWS_A_RECORD))
def test_page_writes_a_read_row_by_itself(name: str, cast, client) -> None:
    shows = SHOWS_A_RECORD[name]
    entry = MATRIX[name]
    assert shows.role in entry.roles, f"{shows.role} may not open {name}"
    if shows.setup:
        kwargs, record_id = shows.setup(cast)
    else:
        kwargs, record_id = (entry.kwargs(cast) if entry.kwargs else None), cast.pupil.pk
    user = cast.by_role(shows.role)
    client.force_login(user)
    url, response = _open(client, cast, name, kwargs)
    assert response.status_code in entry.ok
    reads = RecordRead.objects.filter(page=name)
    assert reads.exists(), f"{name} wrote no read audit"
    read = reads.get(kind=shows.kind, record_id=record_id)
    assert (read.actor, read.school, read.path) == (user, cast.school, url)
    assert read.ip == "127.0.0.1"


@pytest.mark.parametrize("name", sorted(n for n in SHOWS_NO_RECORD if MATRIX[n].method == "get"))
def test_page_without_a_record_writes_nothing(name: str, cast, client) -> None:
    entry = MATRIX[name]
    role = sorted(entry.roles)[0]
    client.force_login(cast.by_role(role))
    response = client.get(reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None))
    assert response.status_code in entry.ok
    assert not RecordRead.objects.exists(), SHOWS_NO_RECORD[name]


def _view_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    found = []
    for app in AUDITED_APPS + ("walks", "calendar_app", "reports", "schools"):
        found += list((root / app).glob("views.py")) + list((root / app).glob("views/*.py"))
    return found


def test_no_view_writes_the_audit_of_reading() -> None:
    modules = _view_modules()
    assert len(modules) > 10
    for path in modules:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("audit.reads"), path
                if node.module == "audit.models":
                    assert "RecordRead" not in {a.name for a in node.names}, path
            if isinstance(node, ast.Name | ast.Attribute):
                name = node.id if isinstance(node, ast.Name) else node.attr
                assert name not in {"reads_noted", "pupil_record_view", "reading_as"}, path
