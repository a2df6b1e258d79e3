"""The question bank, the checklist of a half-term, its answers and actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from reports.checklist.periods import period_key
from schools.models import School


class Section(models.TextChoices):
    """Assess, plan, do, review, and the themes that come back through the year."""

    ASSESS = "assess", "Assess"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"
    WELLBEING = "wellbeing", "The SENDCo's workload and wellbeing"
    EXAMS = "exams", "Exams and access arrangements"
    TRANSITION = "transition", "Transition"
    RESEARCH = "research", "Research and policy"


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


class HalfTermChoice(models.IntegerChoices):
    EVERY = 0, "Every half-term"
    AUTUMN_1 = 1, "Autumn 1"
    AUTUMN_2 = 2, "Autumn 2"
    SPRING_1 = 3, "Spring 1"
    SPRING_2 = 4, "Spring 2"
    SUMMER_1 = 5, "Summer 1"
    SUMMER_2 = 6, "Summer 2"


class EvidenceKey(models.TextChoices):
    """What the data already says next to a question (reports/checklist/evidence.py)."""

    NONE = "", "None"
    PROFILES = "profiles", "Pupils on the register with a current profile"
    REVIEWS = "reviews", "Profile and annual reviews overdue"
    EXIT_MEASURES = "exit_measures", "Interventions ended without exit measures"
    ARRANGEMENTS = "arrangements", "Access arrangements missing evidence"
    WALKS = "walks", "Learning walks this half-term and their findings"
    CONCERNS = "concerns", "Concerns raised and their outcomes"
    DATES = "dates", "Statutory dates from the calendar"


class ChecklistQuestion(models.Model):
    """A question of the school's bank, asked in one half-term (or in every one)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="checklist_questions")
    half_term = models.PositiveSmallIntegerField(choices=HalfTermChoice.choices)
    section = models.CharField(max_length=12, choices=Section.choices)
    text = models.TextField(max_length=600)
    evidence = models.CharField(
        "evidence from the data", max_length=16, choices=EvidenceKey.choices, blank=True
    )
    # Order within its half-term and section; moved with the Up/Down buttons.
    position = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["half_term", "section", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Checklist(models.Model):
    """The line-management meeting's checklist for one half-term."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="checklists")
    school_year = models.PositiveSmallIntegerField()
    half_term = models.PositiveSmallIntegerField(choices=HalfTermChoice.choices[1:])
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "half_term"], name="one_checklist_per_half_term"
            )
        ]

    def __str__(self) -> str:
        return f"Checklist for {self.label}"

    @property
    def label(self) -> str:
        """ "Autumn 2 2025", as schools.terms names half-terms."""
        return f"{HalfTermChoice(self.half_term).label} {self.starts_on.year}"

    @property
    def period_key(self) -> str:
        return period_key(self.school_year, self.half_term)


class ChecklistItem(models.Model):
    """A question as it was asked on one checklist, with the meeting's answer.

    The text is kept here: rewording or retiring the bank's question later
    leaves what this checklist asked as it was.
    """

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(
        ChecklistQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    section = models.CharField(max_length=12, choices=Section.choices)
    text = models.TextField(max_length=600)
    evidence = models.CharField(max_length=16, choices=EvidenceKey.choices, blank=True)
    position = models.PositiveIntegerField(default=0)
    answer = models.TextField(blank=True, max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["checklist", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "question"], name="one_item_per_question")
        ]

    def __str__(self) -> str:
        return self.text


class ChecklistAction(models.Model):
    """An action agreed at a meeting. Until it is done it is shown on every later
    half-term's checklist: the same action, not a copy."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="checklist_actions")
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField("action", max_length=400)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_actions",
    )
    due_on = models.DateField("due by", null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
