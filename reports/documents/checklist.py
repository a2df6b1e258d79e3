"""The line-manager checklist of a half-term, as a PDF (content in reports/checklist/)."""

from __future__ import annotations

from reports.checklist.document import checklist_content
from reports.periods import HALF_TERM
from reports.registry import DocumentKind, Step, register
from schools.roles import SEND_LEADERS

CHECKLIST = register(
    DocumentKind(
        key="checklist",
        title="Line-management checklist",
        summary="For the SENDCo and their line manager: the half-term's questions, the "
        "evidence the records give beside each one, the answers and the actions agreed.",
        request_roles=SEND_LEADERS,
        read_roles=SEND_LEADERS,
        template="reports/pdf/checklist.html",
        steps=(Step("Questions, evidence, answers and actions", checklist_content),),
        periods=(HALF_TERM,),
        order=30,
    )
)
