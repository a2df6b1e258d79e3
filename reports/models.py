"""A document asked for, and its state while a worker makes it.

Each request is one row: asking again for the same document and period makes
the next version and keeps the old ones. The worker moves a row from queued
to running (steps done of steps) to done (a file under REPORTS_ROOT) or
failed (a reason people can read); a failed one can be queued again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from reports.checklist.models import (  # noqa: F401 (the checklist's models, in reports/checklist/)
    Checklist,
    ChecklistAction,
    ChecklistItem,
    ChecklistQuestion,
)
from schools.models import School


class ReportDocument(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)  # a key of reports.registry
    period_key = models.CharField(max_length=20)  # reports.periods.Period.key
    period_label = models.CharField(max_length=80)
    version = models.PositiveIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scheduled = models.BooleanField(default=False, help_text="Made by the schedule, not a person")
    # A document about one pupil (a subject access export): the pupil's id, a
    # plain number so that the request outlives the record.
    pupil_id = models.PositiveBigIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    step_label = models.CharField(max_length=120, blank=True)
    failure = models.TextField(blank=True)
    # Each claim by a worker is one attempt; only the latest attempt may
    # finish, and another worker takes over only once the lease has passed.
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    file_name = models.CharField(max_length=200, blank=True)  # relative to REPORTS_ROOT
    file_size = models.PositiveIntegerField(default=0)
    pages = models.PositiveSmallIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    render_peak_kb = models.PositiveIntegerField(null=True, blank=True)
    worker_peak_kb = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind", "period_key", "version"], name="one_version_number"
            )
        ]
        indexes = [models.Index(fields=["school", "kind", "-requested_at"], name="report_list_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_key} v{self.version} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def title(self) -> str:
        from reports.registry import kind_for

        kind = kind_for(self.kind)
        return kind.title if kind else self.kind

    @property
    def extension(self) -> str:
        from reports.registry import kind_for

        kind = kind_for(self.kind)
        return kind.extension if kind else "pdf"

    @property
    def download_name(self) -> str:
        return f"{self.kind}-{self.period_key}-v{self.version}.{self.extension}"
