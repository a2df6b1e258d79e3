"""What sendit tells people: an in-app list with an unread count, and email.

On the ground floor with schools and audit: the apps that have news
(feedback, pupils, walks, the calendar) call ``notifications.services``;
nothing here imports them. Titles never carry the text of a note or a
pupil's name, since they go out by email (DESIGN.md, "Telling people").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import School


class Kind(models.TextChoices):
    FEEDBACK_RELEASED = "feedback_released", "Feedback on a visit to your class is released"
    FEEDBACK_CHANGED = "feedback_changed", "A note to you is corrected or withdrawn"
    FEEDBACK_REPLY = "feedback_reply", "A teacher replies to a walk note"
    CONCERN_RAISED = "concern_raised", "A member of staff raises a concern"
    CONCERN_DECIDED = "concern_decided", "A concern you raised is decided"
    DATES_DUE = "dates_due", "Dates due within a week (at most one email a day)"
    REPORT_READY = "report_ready", "A scheduled report is ready (a link, never the file)"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500)
    # Names the event ("feedback:12:released", "dates_due:2026-03-02"): one
    # row per person per event, so telling twice is impossible.
    event_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set, under a row lock, once the email has gone: a retried or redelivered
    # task sends nothing more.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="one_notification_per_event"
            )
        ]
        indexes = [models.Index(fields=["recipient", "school", "read_at"], name="unread_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class EmailPreference(models.Model):
    """One person's choice for one kind of email; no row means the email is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    send_email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {'on' if self.send_email else 'off'}"
