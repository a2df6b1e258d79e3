"""The fixed cast every test can call on (STYLE.md, "Tests").

One school with a SENDCo, a senior leader, two teachers (``teacher`` teaches
the class a walk visits; ``teacher2`` teaches other classes), a teaching
assistant, a governor and a school admin; a SENDCo of another school; and
``multi``, a teacher here who is SENDCo of the other school (two memberships).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

os.environ.setdefault("SENDIT_TESTING", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from pupils.models import NeedType, Pupil, SenStatus, TeachingGroup  # noqa: E402
from schools.models import Role, School, User  # noqa: E402
from tests.factories import (  # noqa: E402
    make_group,
    make_membership,
    make_pupil,
    make_school,
    make_user,
)


@dataclass
class Cast:
    school: School
    other_school: School
    sendco: User
    slt: User
    teacher: User
    teacher2: User
    ta: User
    governor: User
    school_admin: User
    other_sendco: User
    # teacher's class (with ta), and teacher2's class, each with learners with SEND
    group: TeachingGroup
    group2: TeachingGroup
    pupil: Pupil  # in group
    pupil2: Pupil  # in group2 only
    other_pupil: Pupil  # at the other school
    _multi: User | None = None

    @property
    def multi(self) -> User:
        """Teacher in the cast school and SENDCo in the other one (two
        memberships), made on first use so that the cast's counts of staff
        stay as they are for every test that does not ask for them."""
        if self._multi is None:
            self._multi = _two_schools(self.school, self.other_school)
        return self._multi

    def by_role(self, role: str) -> User:
        return {
            Role.SENDCO: self.sendco,
            Role.SLT: self.slt,
            Role.TEACHER: self.teacher,
            Role.TA: self.ta,
            Role.GOVERNOR: self.governor,
            Role.SCHOOL_ADMIN: self.school_admin,
        }[role]


@pytest.fixture
def cast(db: None) -> Cast:
    school = make_school("Hillside Academy")
    other = make_school("Riverside School")
    teacher = make_user(school, Role.TEACHER, email="teacher@cast.test", department="English")
    teacher2 = make_user(school, Role.TEACHER, email="teacher2@cast.test", department="Maths")
    ta = make_user(school, Role.TA, email="ta@cast.test")
    pupil = make_pupil(
        school, need=NeedType.ASD, legal_first_name="Casey", legal_last_name="Visited"
    )
    pupil2 = make_pupil(
        school, need=NeedType.SEMH, legal_first_name="Robin", legal_last_name="Elsewhere"
    )
    return Cast(
        school=school,
        other_school=other,
        sendco=make_user(school, Role.SENDCO, email="sendco@cast.test"),
        slt=make_user(school, Role.SLT, email="slt@cast.test"),
        teacher=teacher,
        teacher2=teacher2,
        ta=ta,
        governor=make_user(school, Role.GOVERNOR, email="governor@cast.test"),
        school_admin=make_user(school, Role.SCHOOL_ADMIN, email="admin@cast.test"),
        other_sendco=make_user(other, Role.SENDCO, email="sendco@other-cast.test"),
        group=make_group(
            school,
            teachers=[teacher],
            tas=[ta],
            pupils=[pupil, make_pupil(school, sen_status=SenStatus.NONE)],
        ),
        group2=make_group(school, teachers=[teacher2], pupils=[pupil2], subject="Maths"),
        pupil=pupil,
        pupil2=pupil2,
        other_pupil=make_pupil(other),
    )


def _two_schools(school: School, other: School) -> User:
    multi = make_user(other, Role.SENDCO, email="multi@cast.test", department="Science")
    make_membership(multi, school, Role.TEACHER)
    multi.work_in(school)
    return multi


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say which database, broker and browser this run uses."""
    import shutil
    import subprocess

    from django.conf import settings

    db = settings.DATABASES["default"]
    broker = settings.CELERY_BROKER_URL or "none (tasks in-process; the worker test is skipped)"
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    version = ""
    if chromium:
        try:
            version = subprocess.run(
                [chromium, "--version"], capture_output=True, text=True, timeout=20
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            version = "unreadable"
    return [
        f"sendit database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''} {db['NAME']}",
        f"sendit broker: {broker}",
        f"sendit browser: {version or 'no chromium installed (browser tests skip)'}",
    ]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many URLs the access matrix checked, per audience, when it ran."""
    import sys

    matrix = sys.modules.get("tests.test_access_matrix")
    line = matrix.summary_line() if matrix is not None else ""
    if line:
        terminalreporter.write_line(line)
