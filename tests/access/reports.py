from __future__ import annotations

from django.utils import timezone

from reports.models import ReportDocument
from reports.periods import current_term
from reports.services import storage_path
from schools.models import Role
from tests.access import Entry, roles


def _document(kind: str, status: str = ReportDocument.Status.DONE, file: bool = False):
    def build(cast) -> dict:
        document = ReportDocument.objects.create(
            school=cast.school,
            kind=kind,
            period_key="2025-autumn",
            period_label="Autumn term 2025 to 2026",
            version=ReportDocument.objects.filter(school=cast.school, kind=kind).count() + 1,
            requested_by=cast.sendco,
            status=status,
        )
        if file:
            path = storage_path(document)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-1.7 access matrix")
            document.file_name = f"{document.school_id}/{path.name}"
            document.save(update_fields=["file_name"])
        return {"pk": document.pk}

    return build


LEADERS = roles(Role.SLT, Role.SENDCO)
READERS = roles(Role.GOVERNOR, Role.SLT, Role.SENDCO)


def _pupil(cast) -> dict:
    return {"pk": cast.pupil.pk}


ENTRIES: dict[str, Entry] = {
    "reports:home": Entry(roles=LEADERS),
    # The subject access export of one pupil: the SENDCo of the pupil's school only.
    "reports:subject_access": Entry(roles=roles(Role.SENDCO), kwargs=_pupil),
    "reports:summaries": Entry(roles=READERS),
    "reports:request": Entry(
        roles=LEADERS,
        method="post",
        ok=frozenset({302}),
        data=lambda cast: {
            "kind": "termly",
            "period": current_term(cast.school, timezone.localdate()).key,
        },
    ),
    # The termly report: SLT and the SENDCo only; governors get 404.
    "reports:document": Entry(roles=LEADERS, kwargs=_document("termly")),
    "reports:status": Entry(roles=LEADERS, kwargs=_document("termly"), ok=frozenset({286})),
    # A governor summary's file: governors too (a termly report's is SLT and
    # SENDCo only: reports/tests/test_pipeline.py).
    "reports:download": Entry(roles=READERS, kwargs=_document("governor", file=True)),
    "reports:retry": Entry(
        roles=LEADERS,
        kwargs=_document("termly", ReportDocument.Status.FAILED),
        method="post",
        ok=frozenset({302}),
    ),
}
