"""Asking for a document, and making it (the body of reports.tasks).

``document_request`` makes the next version and queues it after the commit;
``document_retry`` queues a failed one again; ``document_make`` is what the
worker runs: claim the row (a lease, so a second delivery waits rather than
doubles the work), run the kind's steps with progress, render the PDF in a
child process, move the file into place and mark it done, all only for the
latest attempt. Running it again for a finished document changes nothing.
"""

from __future__ import annotations

import logging
import os
import resource
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from reports.models import ReportDocument
from reports.pdf import STATIC_BASE, RenderFailed, render_pdf
from reports.periods import Period, period_from_key
from reports.registry import BuildContext, DocumentKind, kind_for
from schools.models import School, User

if TYPE_CHECKING:
    from django.http import HttpRequest

log = logging.getLogger(__name__)


class CannotMake(Exception):
    """A document that can never be made as asked (the reason is for people)."""


def _queue(document: ReportDocument) -> None:
    from reports.tasks import generate_document

    transaction.on_commit(lambda: generate_document.delay(document.pk))


def document_request(
    *,
    school: School,
    kind: DocumentKind,
    period: Period,
    requested_by: User | None,
    scheduled: bool = False,
    pupil_id: int | None = None,
) -> ReportDocument:
    """A new version of this document for this period (or, for a kind about
    one pupil, ``period`` from ``pupil_period``), queued for a worker."""
    for _ in range(3):
        try:
            with transaction.atomic():
                latest = ReportDocument.objects.filter(
                    school=school, kind=kind.key, period_key=period.key
                ).aggregate(v=Max("version"))["v"]
                document = ReportDocument.objects.create(
                    school=school,
                    kind=kind.key,
                    period_key=period.key,
                    period_label=period.label,
                    version=(latest or 0) + 1,
                    requested_by=requested_by,
                    scheduled=scheduled,
                    pupil_id=pupil_id,
                    steps_total=kind.steps_total,
                )
        except IntegrityError:
            continue  # someone took that version number a moment ago
        _queue(document)
        return document
    raise IntegrityError("could not number the new version")


def document_retry(*, document: ReportDocument) -> bool:
    """Queue a failed document again (the same version); False if it is not failed."""
    changed = ReportDocument.objects.filter(
        pk=document.pk, status=ReportDocument.Status.FAILED
    ).update(
        status=ReportDocument.Status.QUEUED,
        failure="",
        steps_done=0,
        step_label="",
        lease_until=None,
        requested_at=timezone.now(),
    )
    if changed:
        document.refresh_from_db()
        _queue(document)
    return bool(changed)


# The worker's side ------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    document: ReportDocument
    attempt: int


BUSY = "busy"


def lease_length() -> timedelta:
    """How long a claim holds: the task's hard time limit, after which its worker
    has stopped for certain (killed by Celery or gone)."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def document_claim(*, document_id: int, worker: str) -> Claim | str | None:
    """Take the document for this worker; None when there is nothing to do, BUSY
    while another worker's lease still holds."""
    now = timezone.now()
    with transaction.atomic():
        document = ReportDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.is_finished:
            return None
        if (
            document.status == ReportDocument.Status.RUNNING
            and document.lease_until is not None
            and document.lease_until > now
        ):
            return BUSY
        document.status = ReportDocument.Status.RUNNING
        document.attempts += 1
        document.steps_done = 0
        document.step_label = ""
        document.lease_until = now + lease_length()
        document.worker = worker
        document.started_at = now
        document.save()
        return Claim(document, document.attempts)


def _progress(claim: Claim, done: int, label: str) -> None:
    ReportDocument.objects.filter(pk=claim.document.pk, attempts=claim.attempt).update(
        steps_done=done, step_label=label[:120], lease_until=timezone.now() + lease_length()
    )


def document_fail(*, document_id: int, reason: str, attempt: int | None = None) -> None:
    rows = ReportDocument.objects.filter(pk=document_id).exclude(status=ReportDocument.Status.DONE)
    if attempt is not None:
        rows = rows.filter(attempts=attempt)
    rows.update(
        status=ReportDocument.Status.FAILED,
        failure=reason,
        lease_until=None,
        finished_at=timezone.now(),
    )


def document_release(*, document_id: int) -> None:
    """Give up a claim after a passing error, so that the retry may take it at once."""
    ReportDocument.objects.filter(pk=document_id, status=ReportDocument.Status.RUNNING).update(
        status=ReportDocument.Status.QUEUED, lease_until=None
    )


def reader_for(document: ReportDocument, kind: DocumentKind) -> User:
    """Whose view the figures take: the person who asked (in that school), or for a
    scheduled run the school's first active member with one of the kind's reader roles."""
    person = document.requested_by
    if person is not None and person.work_in(document.school_id) and kind.may_request(person):
        return person
    roles = kind.reader_roles or kind.request_roles
    for candidate in (
        User.objects.in_school(document.school_id, *roles).filter(is_active=True).order_by("pk")
    ):
        if candidate.work_in(document.school_id):
            return candidate
    raise CannotMake("Nobody at the school holds a role that may read this document.")


def pupil_period(pupil_id: int, label: str, today: date) -> Period:
    """What a document about one pupil covers: everything held, up to ``today``."""
    return Period(f"pupil-{pupil_id}", label[:80], date(1900, 1, 1), today, "all", today.year)


def _period_of(document: ReportDocument, kind: DocumentKind) -> Period | None:
    if kind.about_pupil:
        if document.pupil_id is None:
            return None
        return pupil_period(document.pupil_id, document.period_label, timezone.localdate())
    return period_from_key(document.school_id, document.period_key)


def storage_path(document: ReportDocument) -> Path:
    """Under REPORTS_ROOT, which no URL serves: only the access-checked download reads it."""
    name = f"{document.pk}.{document.extension}"
    return Path(settings.REPORTS_ROOT) / str(document.school_id) / name


def document_html(kind: DocumentKind, ctx: BuildContext, document: ReportDocument) -> str:
    context: dict[str, Any] = dict(ctx.data)
    context["doc"] = {
        "title": kind.title,
        "school_name": ctx.school.name,
        "period_label": ctx.period.label,
        "period_start": ctx.period.start,
        "period_end": ctx.period.end,
        "made": timezone.localtime(),
        "version": document.version,
        "requested_by": (
            ""
            if kind.anonymised or document.requested_by is None
            else document.requested_by.get_full_name()
        ),
        "language": "en-GB",
        "static_base": STATIC_BASE,
        "anonymised": kind.anonymised,
    }
    return render_to_string(kind.template, context)


def document_make(*, document_id: int, worker: str) -> str:
    """Make one document; returns what happened ("done", "busy", "nothing", "failed")."""
    claimed = document_claim(document_id=document_id, worker=worker)
    if claimed is None:
        return "nothing"
    if claimed == BUSY:
        return BUSY
    assert isinstance(claimed, Claim)
    document = claimed.document
    kind = kind_for(document.kind)
    period = _period_of(document, kind) if kind is not None else None
    if kind is None or period is None:
        document_fail(
            document_id=document.pk,
            attempt=claimed.attempt,
            reason="This kind of document or period is no longer offered.",
        )
        return "failed"
    started = time.monotonic()
    try:
        ctx = BuildContext(
            school=document.school,
            period=period,
            reader=reader_for(document, kind),
            today=timezone.localdate(),
            document_id=document.pk,
            pupil_id=document.pupil_id,
        )
        for index, step in enumerate(kind.steps):
            _progress(claimed, index, step.label)
            ctx.data.update(step.build(ctx))
        final = storage_path(document)
        partial = final.with_name(f"{document.pk}.{claimed.attempt}.part")
        if kind.write is not None:
            _progress(claimed, len(kind.steps), "Writing the file")
            partial.parent.mkdir(parents=True, exist_ok=True)
            pages, peak_kb = kind.write(ctx, partial), 0
        else:
            _progress(claimed, len(kind.steps), "Laying out the PDF")
            html = document_html(kind, ctx, document)
            rendered = render_pdf(html, partial)
            pages, peak_kb = rendered.pages, rendered.peak_kb
    except (CannotMake, RenderFailed) as error:
        document_fail(document_id=document.pk, attempt=claimed.attempt, reason=str(error))
        return "failed"
    return _finish(claimed, final, partial, pages, peak_kb, time.monotonic() - started)


def _finish(
    claim: Claim, final: Path, partial: Path, pages: int, peak_kb: int, seconds: float
) -> str:
    with transaction.atomic():
        document = ReportDocument.objects.select_for_update().filter(pk=claim.document.pk).first()
        if document is None or document.attempts != claim.attempt or document.is_finished:
            partial.unlink(missing_ok=True)  # a later attempt owns it now
            return "nothing"
        os.replace(partial, final)
        for stale in final.parent.glob(f"{document.pk}.*.part"):
            stale.unlink(missing_ok=True)  # left by an attempt whose worker died
        document.status = ReportDocument.Status.DONE
        document.steps_done = document.steps_total
        document.step_label = ""
        document.file_name = str(final.relative_to(settings.REPORTS_ROOT))
        document.file_size = final.stat().st_size
        document.pages = pages
        document.seconds = round(seconds, 2)
        document.render_peak_kb = peak_kb
        document.worker_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        document.finished_at = timezone.now()
        document.lease_until = None
        document.save()
        if document.scheduled:
            from reports.schedule import tell_slt

            tell_slt(document)
    return "done"


def requeue_stale(*, older_than: timedelta = timedelta(minutes=15)) -> int:
    """Queue again the documents whose message was lost or whose worker died."""
    now = timezone.now()
    stale = list(
        ReportDocument.objects.filter(
            status=ReportDocument.Status.QUEUED, requested_at__lt=now - older_than
        ).values_list("pk", flat=True)
    ) + list(
        ReportDocument.objects.filter(
            status=ReportDocument.Status.RUNNING, lease_until__lt=now
        ).values_list("pk", flat=True)
    )
    from reports.tasks import generate_document

    for pk in stale:
        generate_document.delay(pk)
    return len(stale)


# Subject access --------------------------------------------------------------------


def subject_access_downloaded(*, document: ReportDocument, request: HttpRequest) -> None:
    """A download of an export about one pupil is a read of that pupil's whole
    record: it goes into the audit of reading (who, when, from where)."""
    from audit.models import ReadKind, RecordRead
    from audit.services import client_ip

    if document.pupil_id is None:
        return
    match = getattr(request, "resolver_match", None)
    RecordRead.objects.create(
        school_id=document.school_id,
        actor=request.user if request.user.is_authenticated else None,
        kind=ReadKind.PUPIL,
        record_id=document.pupil_id,
        part="subject access export",
        page=(match.view_name if match else "")[:100],
        path=request.path[:200],
        ip=client_ip(request),
    )
