"""The termly SEND report for SLT."""

from __future__ import annotations

from reports.registry import DocumentKind, Step, register
from reports.sections.dates import dates_section
from reports.sections.outcomes import outcomes_section
from reports.sections.provision import provision_section
from reports.sections.register import register_section
from reports.sections.statutory import statutory_section
from reports.sections.walks import walks_section
from schools.roles import SEND_LEADERS

TERMLY = register(
    DocumentKind(
        key="termly",
        title="Termly SEND report",
        summary="For senior leaders: the register, learning walks, provision and its impact, "
        "outcomes, statutory work and the dates ahead.",
        request_roles=SEND_LEADERS,
        read_roles=SEND_LEADERS,
        template="reports/pdf/termly.html",
        steps=(
            Step("The register in numbers", register_section),
            Step("Learning walks", walks_section),
            Step("Provision and impact", provision_section),
            Step("Outcomes", outcomes_section),
            Step("Statutory work", statutory_section),
            Step("The dates ahead", dates_section),
        ),
        order=10,
    )
)
