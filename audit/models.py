"""The record of changes (who changed what, for whom, and when) and the
audit of reading (who was shown which pupil's record or observation).

Append-only: a record is written once and never edited. ``details`` holds
counts, role names and ids, never the text of a note or a pupil's SEN
values (the record is read by people who may not see those).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class ChangeKind(models.TextChoices):
    STAFF_ADDED = "staff_added", "Member of staff added"
    STAFF_EDITED = "staff_edited", "Details edited"
    ROLE_GRANTED = "role_granted", "Role given"
    ROLE_REQUESTED = "role_requested", "Role requested"
    ROLE_CONFIRMED = "role_confirmed", "Role confirmed"
    ROLE_DECLINED = "role_declined", "Role declined"
    ROLE_REMOVED = "role_removed", "Role removed"
    ACCOUNT_DEACTIVATED = "account_deactivated", "Account deactivated"
    ACCOUNT_REACTIVATED = "account_reactivated", "Account reactivated"
    PASSWORD_EMAIL_SENT = "password_email_sent", "Password email sent"
    IMPORT_RUN = "import_run", "MIS import"
    TERM_DATES_SAVED = "term_dates_saved", "Term dates saved"
    RECORD_CREATED = "record_created", "Added"
    RECORD_CHANGED = "record_changed", "Changed"
    RECORD_DELETED = "record_deleted", "Deleted"


class AppendOnlyError(Exception):
    """A record of changes or of reading was about to be edited or deleted."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Bulk edits and deletes are refused too, not only those of one row."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.record_name} is never edited.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.record_name} is never deleted.")


class AppendOnlyRecord(models.Model):
    """A record written once and never edited or deleted, one at a time or in bulk."""

    # How messages name the record: "A change record is never edited."
    record_name: ClassVar[str] = "A record"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError(f"{self.record_name} is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.record_name} is never deleted.")


class ChangeRecord(AppendOnlyRecord):
    record_name = "A change record"

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="change_records"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes_made",
    )
    kind = models.CharField(max_length=40, choices=ChangeKind.choices)
    # Whom or what the change was about: a member of staff (kept as a link and
    # as a name, so the record still reads if the account goes), or a file.
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes_received",
    )
    target = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def role_label(self) -> str:
        from schools.models import Role

        role = self.details.get("role", "")
        return Role(role).label if role in Role.values else ""


class ReadKind(models.TextChoices):
    PUPIL = "pupil", "Pupil's record"
    OBSERVATION = "observation", "Observation"


class RecordRead(AppendOnlyRecord):
    """The audit of reading: who was shown which pupil's record or observation,
    on which page, from where, and when.

    Written by the lookups themselves (audit/reads.py), never by a view, and
    append-only like the record of changes. ``record_id`` is a plain number,
    not a link, so the trail outlives the record it names.
    """

    record_name = "A record of reading"

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="record_reads"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records_read",
    )
    kind = models.CharField(max_length=20, choices=ReadKind.choices)
    record_id = models.PositiveBigIntegerField()
    # What part of the record was shown: "pupil", "assessment", "concern", ...
    part = models.CharField(max_length=60, blank=True)
    # The URL name of the page ("pupils:pupil") and its path, without the query
    # string (a search box may hold a name).
    page = models.CharField(max_length=100, blank=True)
    path = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    read_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-read_at", "-id"]
        indexes = [models.Index(fields=["school", "kind", "record_id", "-read_at"])]

    def __str__(self) -> str:
        return f"{self.actor} read {self.kind} {self.record_id} at {self.read_at:%Y-%m-%d %H:%M}"


class SecurityKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Sign-in locked for a while"
    SIGNED_OUT = "signed_out", "Signed out"
    MFA_ADDED = "mfa_added", "Two-step sign-in set up"
    MFA_REMOVED = "mfa_removed", "Two-step sign-in removed"
    RECOVERY_CODES_MADE = "recovery_codes_made", "Recovery codes made"
    MFA_FAILED = "mfa_failed", "Wrong sign-in code"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    EMAIL_CHANGED = "email_changed", "Email changed"
    SESSIONS_ENDED = "sessions_ended", "Signed out everywhere"
    ACCESS_REFUSED = "access_refused", "Refused a record out of reach"


class SecurityEvent(AppendOnlyRecord):
    """A sign-in, a failed sign-in, a lockout, a change to two-step sign-in or
    a refused lookup. ``user`` is the account it was about when one is known;
    ``email`` is what was typed (a failed sign-in may name no account). Read
    by a school's admins and SENDCo for the accounts that work there."""

    record_name = "A security event"

    kind = models.CharField(max_length=40, choices=SecurityKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
    )
    email = models.CharField(max_length=254, blank=True)
    # The school of the moment when the event happened in one (a refused
    # lookup); sign-ins belong to every school the account works in.
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="security_events",
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email} ({self.created_at:%Y-%m-%d %H:%M})"
