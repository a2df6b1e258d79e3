"""What the data already says next to each question, as figures and links.

Every figure comes from an app's ``queries.py``; nothing is counted here. A
question names one evidence key (``EvidenceKey``); the page works out each
key it needs once, however many questions share it. Counts of the register,
profiles, reviews, provision and arrangements are as they stand on the day;
walks and concerns are those of the checklist's half-term.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse

from calendar_app.queries import statutory_steps_for
from feedback.queries import picture_build
from pupils.queries import (
    StatutoryReviews,
    arrangements_to_chase,
    concerns_raised_for,
    interventions_without_exit,
    profile_coverage_for,
    statutory_reviews_for,
)
from reports.checklist.models import EvidenceKey
from reports.checklist.periods import HalfTerm, next_half_term
from schools.models import User
from sendit.lib.access import school_id_of
from walks.models import LearningWalk
from walks.queries import walks_between


@dataclass(frozen=True)
class Figure:
    label: str
    value: int


@dataclass(frozen=True)
class Evidence:
    """The figures and links for one evidence key."""

    key: str
    title: str
    as_at: str  # "today" figures or the half-term's
    figures: list[Figure]
    lines: list[str] = field(default_factory=list)  # findings in words
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url)


@dataclass(frozen=True)
class Period:
    half: HalfTerm
    today: date
    # Figures more than one key shows, read once for the page.
    _reviews: list[StatutoryReviews] = field(default_factory=list, compare=False, repr=False)

    def statutory_reviews(self, user: User) -> StatutoryReviews:
        if not self._reviews:
            self._reviews.append(statutory_reviews_for(user, today=self.today))
        return self._reviews[0]

    @property
    def today_words(self) -> str:
        return f"as at {self.today.day} {self.today:%B %Y}"

    @property
    def half_words(self) -> str:
        start, end = self.half.start, self.half.end
        return f"in {self.half.name} ({start.day} {start:%B} to {end.day} {end:%B %Y})"


def _profiles(user: User, period: Period) -> Evidence:
    coverage = profile_coverage_for(user, today=period.today)
    register = reverse("pupils:register")
    return Evidence(
        key=EvidenceKey.PROFILES,
        title=EvidenceKey.PROFILES.label,
        as_at=period.today_words,
        figures=[
            Figure("Pupils on the register", coverage.register),
            Figure("With a profile whose review is not overdue", coverage.current),
            Figure("With a profile", coverage.with_profile),
            Figure("Without a profile", coverage.without_profile),
        ],
        links=[("The register", register)],
    )


def _reviews(user: User, period: Period) -> Evidence:
    reviews = period.statutory_reviews(user)
    ehc = reverse("pupils:ehc_reviews")
    return Evidence(
        key=EvidenceKey.REVIEWS,
        title=EvidenceKey.REVIEWS.label,
        as_at=period.today_words,
        figures=[
            Figure("Profile reviews overdue", reviews.profile_reviews_overdue),
            Figure("EHC annual reviews overdue", reviews.ehc_reviews_overdue),
            Figure("EHC annual reviews due within six weeks", reviews.ehc_reviews_due_soon),
        ],
        links=[("EHC annual reviews", ehc)],
    )


def _exit_measures(user: User, period: Period) -> Evidence:
    url = reverse("pupils:interventions_missing_exit")
    return Evidence(
        key=EvidenceKey.EXIT_MEASURES,
        title=EvidenceKey.EXIT_MEASURES.label,
        as_at=period.today_words,
        figures=[
            Figure(
                "Ended interventions with a pupil missing an exit measure",
                interventions_without_exit(user, today=period.today).count(),
            )
        ],
        links=[("Interventions without exit measures", url)],
    )


def _arrangements(user: User, period: Period) -> Evidence:
    url = reverse("pupils:arrangements_attention")
    return Evidence(
        key=EvidenceKey.ARRANGEMENTS,
        title=EvidenceKey.ARRANGEMENTS.label,
        as_at=period.today_words,
        figures=[
            Figure(
                "Access arrangements with evidence missing or running out",
                arrangements_to_chase(user, today=period.today).count(),
            )
        ],
        links=[("Access arrangements to check", url)],
    )


def _walks(user: User, period: Period) -> Evidence:
    half = period.half
    walks = walks_between(user, start=half.start, end=half.end)
    counts = walks.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(state=LearningWalk.State.COMPLETED))
    )
    picture = picture_build(walks=walks, anonymise=False)
    lines = [
        f"{share.title}: seen in {share.seen_share}% of the visits that looked for it, "
        f"{share.based_on}."
        for share in picture.focus
        if share.seen_share is not None
    ]
    lines += [f"Came up as a strength: {theme}." for theme, _ in picture.strength_themes[:3]]
    lines += [f"Came up to work on: {theme}." for theme, _ in picture.point_themes[:3]]
    programme = reverse("walks:programme")
    term_key = f"{half.school_year}-{half.term_name.lower()}"
    picture_url = f"{reverse('feedback:picture')}?term={term_key}"
    return Evidence(
        key=EvidenceKey.WALKS,
        title=EvidenceKey.WALKS.label,
        as_at=period.half_words,
        figures=[
            Figure("Walks", counts["total"]),
            Figure("Walks completed", counts["done"]),
            Figure("Visits with a completed record", picture.visits),
        ],
        lines=lines,
        links=[("The walk programme", programme), ("The whole-school picture", picture_url)],
    )


def _concerns(user: User, period: Period) -> Evidence:
    half = period.half
    raised = concerns_raised_for(user, start=half.start, end=half.end)
    url = reverse("pupils:concerns")
    return Evidence(
        key=EvidenceKey.CONCERNS,
        title=EvidenceKey.CONCERNS.label,
        as_at=period.half_words,
        figures=[
            Figure("Concerns raised", raised.total),
            Figure("Waiting for a decision", raised.open),
            *(Figure(f"Decided: {label}", n) for label, n in raised.by_outcome),
        ],
        links=[("Concerns", url)],
    )


def _dates(user: User, period: Period) -> Evidence:
    """The calendar's statutory dates from today (or from a past half-term's start)
    to the end of the next half-term, the steps it knows are late, and the EHC
    annual reviews past their twelve months."""
    half = period.half
    first = max(half.start, min(period.today, half.end))
    following = next_half_term(school_id_of(user), half)
    last = following.end if following is not None else half.end
    steps = statutory_steps_for(user, first=first, last=last, today=period.today)
    reviews = period.statutory_reviews(user)
    overdue = reverse("calendar:overdue")
    return Evidence(
        key=EvidenceKey.DATES,
        title=EvidenceKey.DATES.label,
        as_at=f"{first.day} {first:%B} to {last.day} {last:%B %Y}, and late {period.today_words}",
        figures=[
            Figure("Statutory dates in the calendar", steps.due_total),
            *(Figure(label, n) for label, n in steps.due),
            Figure("EHC annual reviews overdue", reviews.ehc_reviews_overdue),
            *(Figure(f"Late: {label.lower()}", n) for label, n in steps.late),
        ],
        links=[("Overdue in the calendar", overdue), ("Dates ahead", reverse("calendar:agenda"))],
    )


PROVIDERS: dict[str, Callable[[User, Period], Evidence]] = {
    EvidenceKey.PROFILES: _profiles,
    EvidenceKey.REVIEWS: _reviews,
    EvidenceKey.EXIT_MEASURES: _exit_measures,
    EvidenceKey.ARRANGEMENTS: _arrangements,
    EvidenceKey.WALKS: _walks,
    EvidenceKey.CONCERNS: _concerns,
    EvidenceKey.DATES: _dates,
}


def evidence_for(
    keys: Iterable[str], *, user: User, half: HalfTerm, today: date
) -> dict[str, Evidence]:
    """The evidence of each key asked for (each worked out once), by key."""
    period = Period(half=half, today=today)
    return {key: PROVIDERS[key](user, period) for key in dict.fromkeys(keys) if key in PROVIDERS}
