"""The governor summary: anonymised, small counts suppressed over the whole document."""

from __future__ import annotations

from reports.registry import DocumentKind, Step, register
from reports.sections.governor import governor_section
from schools.roles import LEADERS_AND_GOVERNORS, SEND_LEADERS

GOVERNOR = register(
    DocumentKind(
        key="governor",
        title="Governor summary",
        summary="For governors: the same picture with no pupil or teacher named and small "
        "counts shown as \u201cfewer than 5\u201d.",
        request_roles=SEND_LEADERS,
        read_roles=LEADERS_AND_GOVERNORS,
        template="reports/pdf/governor.html",
        steps=(Step("The register in numbers", governor_section),),
        anonymised=True,
        order=20,
    )
)
