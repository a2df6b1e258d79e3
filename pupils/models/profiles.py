"""The one-page profile (strategies, targets) and its reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from audit.models import ReadKind
from audit.reads import ReadAs, ReadAuditedQuerySet
from pupils.models.pupils import Pupil


class PupilProfile(models.Model):
    """The one-page profile, in plain words, that staff read before teaching."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="profile")
    about_me = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped on every save; a save carrying an older version is refused so
    # that two people editing at once never overwrite each other silently.
    version = models.PositiveIntegerField(default=1)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "one-page profile")

    def __str__(self) -> str:
        return f"Profile of {self.pupil}"


class Strategy(models.Model):
    """One "what helps me" strategy for staff to use in lessons."""

    profile = models.ForeignKey(PupilProfile, on_delete=models.CASCADE, related_name="strategies")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.text


class ProfileTarget(models.Model):
    """A target or outcome on the profile (SEN support target or EHCP outcome)."""

    profile = models.ForeignKey(PupilProfile, on_delete=models.CASCADE, related_name="targets")
    text = models.CharField(max_length=400)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    set_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ProfileReview(models.Model):
    """A review of the profile (three a year): assess, plan, do, review."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(default=timezone.localdate)
    assess = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    do = models.TextField("do", blank=True)
    review = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.PUPIL, "pupil_id", "profile review")

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.pupil} on {self.held_on}"


class TargetOutcome(models.Model):
    class Result(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    review = models.ForeignKey(ProfileReview, on_delete=models.CASCADE, related_name="outcomes")
    target = models.ForeignKey(ProfileTarget, on_delete=models.CASCADE, related_name="outcomes")
    result = models.CharField(max_length=8, choices=Result.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "target"], name="one_outcome_per_target")
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.get_result_display()}"
