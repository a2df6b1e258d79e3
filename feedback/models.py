from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from audit.models import ReadKind
from audit.reads import ReadAs, ReadAuditedQuerySet
from pupils.models import Pupil, Strategy
from schools.models import School
from schools.roles import FEEDBACK_WRITERS
from walks.models import FocusArea, LearningWalk, Visit

# Who writes to the teacher: staff observers. Governors and other
# professionals record what they saw; a member of staff turns records into
# the note the teacher is given (DESIGN.md, access rules).


class BeforeVisitDay(ValueError):
    """Recording or releasing before the visit's day (school time): nobody may."""

    def __init__(self, visit: Visit, doing: str = "capture") -> None:
        self.day = visit.day
        super().__init__(
            f"You can {doing} from the day of the visit, {date_format(self.day, 'l j F Y')}."
        )


class Evidence(models.TextChoices):
    SEEN = "seen", "Seen"
    PARTLY = "partly", "Partly seen"
    NOT_SEEN = "not_seen", "Not seen"
    NOT_APPLICABLE = "na", "Not applicable"


class Observation(models.Model):
    """One observer's record of one visit. Never a grade of the teacher."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="observations")
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations"
    )
    strengths = models.TextField(blank=True)
    even_better_if = models.TextField("even better if", blank=True)
    notes = models.TextField(blank=True)
    # Why wording the coach flagged stays in a completed record the teacher
    # will read; the SENDCo sees it.
    wording_reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    entered_room_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Every save must carry the version it was based on; an older one is a
    # conflict shown to the observer, never a silent overwrite.
    version = models.PositiveIntegerField(default=1)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.OBSERVATION, "pk", "observation")

    class Meta:
        ordering = ["visit__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "observer"], name="one_record_per_observer")
        ]

    def __str__(self) -> str:
        return f"Observation of {self.visit} by {self.observer}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    def enter_room(self) -> None:
        """Start the visit's clock once; a second tap must not reset it.

        Not a version bump: the form never edits this field, so an autosave
        in flight from before the tap is not a conflict.
        """
        if not self.visit.day_has_come():
            raise BeforeVisitDay(self.visit)
        if self.entered_room_at is None:
            self.entered_room_at = timezone.now()
            self.save(update_fields=["entered_room_at"])

    def complete(self, *, wording_reason: str | None = None) -> None:
        """Mark the record done; whether its wording needs a reason is the caller's check
        (feedback.services.observation_complete)."""
        if not self.visit.day_has_come():
            raise BeforeVisitDay(self.visit, "complete the record")
        self.status = self.Status.COMPLETED
        if self.completed_at is None:
            self.completed_at = timezone.now()
        fields = ["status", "completed_at", "version", "updated_at"]
        if wording_reason is not None:
            self.wording_reason = wording_reason
            fields.append("wording_reason")
        self.version += 1
        self.save(update_fields=fields)


class FocusEvidence(models.Model):
    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="focus_evidence"
    )
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=8, choices=Evidence.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "focus_area"], name="one_rating_per_focus"
            )
        ]

    def __str__(self) -> str:
        return f"{self.focus_area}: {self.get_rating_display()}"


class StrategyCheck(models.Model):
    """Whether a strategy from a pupil's profile was seen in use."""

    class Result(models.TextChoices):
        SEEN = "seen", "Seen in use"
        NOT_SEEN = "not_seen", "Not seen"
        NOT_APPLICABLE = "na", "Not applicable"

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="strategy_checks"
    )
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="checks")
    result = models.CharField(max_length=8, choices=Result.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "strategy"], name="one_check_per_strategy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.strategy}: {self.get_result_display()}"


class Feedback(models.Model):
    """The note to the teacher drafted from an observation, coached, then released."""

    class Provision(models.TextChoices):
        TIME = "time", "Time"
        KNOWLEDGE = "knowledge", "Knowledge"
        INFORMATION = "information", "Information"
        SKILL = "skill", "Skill"
        CONFIDENCE = "confidence", "Confidence"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RELEASED = "released", "Released"
        WITHDRAWN = "withdrawn", "Withdrawn"

    observation = models.OneToOneField(
        Observation, on_delete=models.CASCADE, related_name="feedback"
    )
    strengths = models.TextField(help_text="One strength per line")
    points_to_develop = models.TextField(blank=True, help_text="One point per line, two at most")
    next_step = models.TextField(blank=True)
    provision = models.CharField(max_length=12, choices=Provision.choices, blank=True)
    provide_by = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    override_reason = models.TextField(blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # When the teacher first opened the note: until then it is new to them.
    read_at = models.DateTimeField(null=True, blank=True)
    # After release the note is final except for a correction (the earlier
    # wording is kept as a FeedbackVersion) or a withdrawal with a reason;
    # the teacher is told of either and sees both.
    corrected_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)
    share_agreed_at = models.DateTimeField(null=True, blank=True)
    shared_strength = models.TextField(
        blank=True, help_text="The strength the teacher agreed to share with staff"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReadAuditedQuerySet.as_manager()
    read_as = ReadAs(ReadKind.OBSERVATION, "observation_id", "feedback note")

    def __str__(self) -> str:
        return f"Feedback on {self.observation.visit}"

    @property
    def strength_lines(self) -> list[str]:
        return [line.strip() for line in self.strengths.splitlines() if line.strip()]

    @property
    def point_lines(self) -> list[str]:
        return [line.strip() for line in self.points_to_develop.splitlines() if line.strip()]

    @property
    def is_released(self) -> bool:
        return self.status == self.Status.RELEASED

    def release(self, *, by, override_reason: str = "") -> None:
        """Send the note to the teacher; the coach's checks are the caller's job."""
        if not by.has_role(*FEEDBACK_WRITERS):
            raise PermissionError("Only staff observers release feedback to a teacher.")
        visit = self.observation.visit
        if not visit.day_has_come():
            raise BeforeVisitDay(visit, "release feedback")
        self.status = self.Status.RELEASED
        self.released_at = timezone.now()
        self.released_by = by
        self.override_reason = override_reason
        self.version += 1
        self.save(
            update_fields=["status", "released_at", "released_by", "override_reason", "version"]
        )

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    def correct(self, *, by, values: dict) -> FeedbackVersion:
        """Change a released note, keeping the wording the teacher read until now."""
        if not self.is_released:
            raise ValueError("Only a released note is corrected; a draft is simply saved.")
        earlier = FeedbackVersion.objects.create(
            feedback=self,
            version=self.version,
            strengths=self.strengths,
            points_to_develop=self.points_to_develop,
            next_step=self.next_step,
            provision=self.provision,
            provide_by=self.provide_by,
            shown_from=self.corrected_at or self.released_at or timezone.now(),
            replaced_by=by,
        )
        for name, value in values.items():
            setattr(self, name, value)
        self.corrected_at = earlier.replaced_at
        self.version += 1
        self.save(update_fields=[*values, "corrected_at", "version"])
        return earlier

    def withdraw(self, *, by, reason: str) -> None:
        """Take a released note back; the teacher sees that it was withdrawn and why.

        A strength shared from it stops being shared: good practice and the
        whole-school picture leave withdrawn notes out.
        """
        if not self.is_released:
            raise ValueError("Only a released note is withdrawn.")
        self.status = self.Status.WITHDRAWN
        self.withdrawn_at = timezone.now()
        self.withdrawn_by = by
        self.withdrawal_reason = reason
        self.shared_strength = ""
        self.share_agreed_at = None
        self.version += 1
        self.save(
            update_fields=[
                "status",
                "withdrawn_at",
                "withdrawn_by",
                "withdrawal_reason",
                "shared_strength",
                "share_agreed_at",
                "version",
            ]
        )

    def mark_read(self) -> None:
        """The teacher opened the note; the first opening is the one kept."""
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])

    def acknowledge(self) -> None:
        if self.acknowledged_at is None:
            self.acknowledged_at = timezone.now()
            self.save(update_fields=["acknowledged_at"])

    def agree_to_share(self, strength: str) -> None:
        """The teacher's consent to show one strength to all staff as good practice."""
        self.shared_strength = strength
        self.share_agreed_at = timezone.now()
        self.save(update_fields=["shared_strength", "share_agreed_at"])

    def withdraw_share(self) -> None:
        self.shared_strength = ""
        self.share_agreed_at = None
        self.save(update_fields=["shared_strength", "share_agreed_at"])


class FeedbackVersion(models.Model):
    """The wording of a released note before a correction replaced it."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    strengths = models.TextField()
    points_to_develop = models.TextField(blank=True)
    next_step = models.TextField(blank=True)
    provision = models.CharField(max_length=12, choices=Feedback.Provision.choices, blank=True)
    provide_by = models.DateField(null=True, blank=True)
    shown_from = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"Earlier wording of {self.feedback_id} (version {self.version})"

    @property
    def strength_lines(self) -> list[str]:
        return [line.strip() for line in self.strengths.splitlines() if line.strip()]

    @property
    def point_lines(self) -> list[str]:
        return [line.strip() for line in self.points_to_develop.splitlines() if line.strip()]


class FeedbackReply(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "feedback replies"

    def __str__(self) -> str:
        return f"Reply by {self.author} on {self.created_at:%d %b %Y}"


class JudgementalWord(models.Model):
    """Words the feedback coach flags; each school edits its own list."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="judgemental_words")
    word = models.CharField(max_length=60)
    suggestion = models.CharField(max_length=200, blank=True)
    # Removing a word switches it off rather than deleting the row, so that
    # the defaults are written only once per school and never come back
    # after the SENDCo has removed them.
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(fields=["school", "word"], name="unique_word_per_school")
        ]

    def __str__(self) -> str:
        return self.word


class WalkReport(models.Model):
    """The short written outcome of a completed walk, published to staff."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    walk = models.OneToOneField(LearningWalk, on_delete=models.CASCADE, related_name="report")
    strengths = models.TextField(blank=True)
    good_practice = models.TextField("good practice to spread", blank=True)
    policy_changes = models.TextField("changes to policy or routine to consider", blank=True)
    closer_look = models.TextField("what needs a closer look", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Report of {self.walk}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def publish(self) -> None:
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self.version += 1
        self.save(update_fields=["status", "published_at", "version"])
