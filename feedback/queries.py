"""The figures others read about observations and feedback, each computed once.

The whole-school picture (for leaders and, through the privacy rule in
sendit/lib/privacy.py, governors) and the feedback panel of the SENDCo's
dashboard. Functions that take a user look records up through
``feedback.access``; ``picture_build`` takes walks already looked up through
``walks.access.programme_walks_for``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from feedback.access import (
    end_of_school_today,
    observations_for_leaders,
    observations_to_draft,
    released_notes_for_teacher,
)
from feedback.coach import lines
from feedback.models import (
    Evidence,
    Feedback,
    FeedbackReply,
    FocusEvidence,
    Observation,
    StrategyCheck,
)
from feedback.themes import count_themes
from schools.models import User
from sendit.lib.lists import head_and_total
from sendit.lib.privacy import FEWER_THAN_5, SMALL_COUNT_THRESHOLD, Figures, Suppressed
from sendit.lib.words import counted, times
from walks.models import FocusArea, LearningWalk

# Whole-school picture --------------------------------------------------------------

# When two observers rate one visit, the visit counts as the best rating
# either gave: someone in the room for part of the time may simply have
# missed it.
RATING_ORDER: dict[str, int] = {
    Evidence.SEEN: 3,
    Evidence.PARTLY: 2,
    Evidence.NOT_SEEN: 1,
    Evidence.NOT_APPLICABLE: 0,
}
RATED = ("seen", "partly", "not_seen")


def share_base(n: int | None, noun: str) -> str:
    """What a share rests on, in words: "from 3 visits (based on fewer than 5
    visits)". Only for a shown count: a hidden one gives no share at all."""
    if not n:
        return ""
    base = f"from {counted(n, noun)}"
    if n < SMALL_COUNT_THRESHOLD:
        base += f" (based on fewer than {SMALL_COUNT_THRESHOLD} {noun}s)"
    return base


@dataclass
class FocusShare:
    title: str
    seen: int
    partly: int
    not_seen: int
    not_applicable: int
    key: str = ""
    # Set by picture_build, once for the whole page.
    shown: Suppressed = field(default_factory=lambda: Suppressed({}, {}))

    @property
    def rated(self) -> int:
        return self.seen + self.partly + self.not_seen

    def _share(self, name: str) -> int | None:
        return self.shown.share(f"{self.key}:{name}", f"{self.key}:rated")

    @property
    def seen_share(self) -> int | None:
        return self._share("seen")

    @property
    def partly_share(self) -> int | None:
        return self._share("partly")

    @property
    def not_seen_share(self) -> int | None:
        return self._share("not_seen")

    @property
    def counts(self) -> dict[str, str]:
        return {name: self.shown[f"{self.key}:{name}"] for name in (*RATED, "rated")}

    @property
    def based_on(self) -> str:
        """The visits behind this row's shares ("" when it shows no share)."""
        if all(self._share(name) is None for name in RATED):
            return ""
        return share_base(self.shown.value(f"{self.key}:rated"), "visit")


@dataclass
class Picture:
    visits: int
    observations: int
    focus: list[FocusShare]
    strength_themes: list[tuple[str, int]]
    point_themes: list[tuple[str, int]]
    strategies_seen: int
    strategies_checked: int
    anonymise: bool
    shown: Suppressed = field(default_factory=lambda: Suppressed({}, {}))

    def figures(self) -> Figures:
        """Every count this picture shows, and how they add up (sendit.lib.privacy)."""
        figures = Figures()
        figures.count("visits", self.visits)
        figures.count("observations", self.observations)
        for share in self.focus:
            for name in RATED:
                figures.count(f"{share.key}:{name}", getattr(share, name))
            figures.count(f"{share.key}:rated", share.rated)
            figures.total(f"{share.key}:rated", [f"{share.key}:{name}" for name in RATED])
        # A line can touch several themes, so theme counts add up to nothing shown.
        for kind, themes in (("strength", self.strength_themes), ("point", self.point_themes)):
            for theme, n in themes:
                figures.count(f"theme:{kind}:{theme}", n)
        figures.count("strategies:seen", self.strategies_seen)
        figures.count("strategies:checked", self.strategies_checked)
        return figures

    def theme(self, kind: str, theme: str) -> str:
        key = f"theme:{kind}:{theme}"
        return self.shown.get(key, "0")

    @property
    def visits_display(self) -> str:
        return self.shown["visits"]

    @property
    def observations_display(self) -> str:
        return self.shown["observations"]

    @property
    def strategies_share(self) -> int | None:
        return self.shown.share("strategies:seen", "strategies:checked")

    @property
    def strategies_based_on(self) -> str:
        if self.strategies_share is None:
            return ""
        return share_base(self.shown.value("strategies:checked"), "check")

    def theme_times(self, kind: str, theme: str) -> str:
        """ "once", "twice", "3 times", "fewer than 5 times" or "" when not shown."""
        n = self.shown.value(f"theme:{kind}:{theme}")
        if n is not None:
            return times(n)
        return f"{FEWER_THAN_5} times" if self.theme(kind, theme) == FEWER_THAN_5 else ""

    @property
    def bright_spots(self) -> list[str]:
        """Where things are going well, in words, with no names or classes."""
        spots = []
        for share in sorted(self.focus, key=lambda s: -(s.seen_share or 0)):
            if share.seen_share is not None and share.seen_share >= 60:
                spots.append(
                    f"{share.title}: seen in {share.seen_share}% of the visits that looked "
                    f"for it, {share.based_on}."
                )
        for theme, _ in self.strength_themes[:3]:
            often = self.theme_times("strength", theme)
            if often:
                spots.append(f"{theme} came up as a strength {often}.")
        if self.strategies_share is not None and self.strategies_share >= 50:
            spots.append(
                "Strategies from pupils' profiles were seen in use in "
                f"{self.strategies_share}% of checks, {self.strategies_based_on}."
            )
        return spots

    @property
    def themes_display(self) -> list[tuple[str, str, str]]:
        strengths = dict(self.strength_themes)
        points = dict(self.point_themes)
        names = sorted(strengths.keys() | points.keys(), key=lambda t: -(strengths.get(t, 0)))
        return [(t, self.theme("strength", t), self.theme("point", t)) for t in names]


def picture_build(*, walks: QuerySet[LearningWalk], anonymise: bool) -> Picture:
    """Aggregate the completed observations of these walks; nothing here names anyone.

    With `anonymise`, every figure of the picture goes through the privacy
    rule together, so no small count can be worked out from the others.
    """
    # Only visits whose day has come, and no record whose note was withdrawn.
    observations = Observation.objects.filter(
        visit__walk__in=walks,
        status=Observation.Status.COMPLETED,
        visit__starts_at__lt=end_of_school_today(),
    ).exclude(feedback__status=Feedback.Status.WITHDRAWN)
    visit_ids = set(observations.values_list("visit_id", flat=True))
    best: dict[tuple[int, int], str] = {}
    for visit_id, focus_id, rating in (
        FocusEvidence.objects.filter(observation__in=observations)
        .exclude(rating="")
        .values_list("observation__visit_id", "focus_area_id", "rating")
    ):
        key = (visit_id, focus_id)
        if key not in best or RATING_ORDER[rating] > RATING_ORDER[best[key]]:
            best[key] = rating
    focus_areas = FocusArea.objects.filter(walks__in=walks).distinct().order_by("position", "title")
    focus = []
    for area in focus_areas:
        ratings = [r for (_, f), r in best.items() if f == area.pk]
        if not ratings:
            continue  # a focus of a walk with no records yet says nothing
        focus.append(
            FocusShare(
                title=area.title,
                seen=ratings.count(Evidence.SEEN),
                partly=ratings.count(Evidence.PARTLY),
                not_seen=ratings.count(Evidence.NOT_SEEN),
                not_applicable=ratings.count(Evidence.NOT_APPLICABLE),
                key=f"focus:{area.pk}",
            )
        )
    strength_lines: list[str] = []
    point_lines: list[str] = []
    # One row per observation: their number is the number of rows.
    notes = list(observations.values_list("strengths", "even_better_if"))
    for strengths, ebi in notes:
        strength_lines += lines(strengths)
        point_lines += lines(ebi)
    checks = (
        StrategyCheck.objects.filter(observation__in=observations)
        .exclude(result=StrategyCheck.Result.NOT_APPLICABLE)
        .exclude(result="")
        .aggregate(
            checked=Count("pk"), seen=Count("pk", filter=Q(result=StrategyCheck.Result.SEEN))
        )
    )
    picture = Picture(
        visits=len(visit_ids),
        observations=len(notes),
        focus=focus,
        strength_themes=count_themes(strength_lines),
        point_themes=count_themes(point_lines),
        strategies_seen=checks["seen"],
        strategies_checked=checks["checked"],
        anonymise=anonymise,
    )
    figures = picture.figures()
    picture.shown = figures.suppress() if anonymise else figures.unsuppressed()
    for share in focus:
        share.shown = picture.shown
    return picture


# The SENDCo's feedback panel --------------------------------------------------------

LISTED = 5


@dataclass(frozen=True)
class FeedbackFollowUp:
    without_feedback: list[Observation]
    without_feedback_count: int
    drafts: list[Feedback]
    drafts_count: int
    replies: list[FeedbackReply]

    def as_context(self) -> dict[str, Any]:
        return {
            "without_feedback": self.without_feedback,
            "without_feedback_count": self.without_feedback_count,
            "drafts": self.drafts,
            "drafts_count": self.drafts_count,
            "replies": self.replies,
        }


def feedback_follow_up_for(user: User, *, listed: int = LISTED) -> FeedbackFollowUp:
    """Records waiting for feedback, drafts not yet released, and teachers' replies
    of the last 30 days, for the SENDCo (all through feedback.access)."""
    without = (
        observations_to_draft(user)
        # One note per visit is enough: a second observer's record of a
        # visit that already has feedback is not waiting for anything.
        .exclude(visit__observations__feedback__isnull=False)
        .select_related("visit__group", "observer")
        .order_by("-completed_at", "-pk")
    )
    observations = observations_for_leaders(user)
    drafts = (
        Feedback.objects.filter(observation__in=observations, status=Feedback.Status.DRAFT)
        .select_related("observation__visit__group")
        .order_by("-created_at", "-pk")
    )
    # Replies by the teacher the note was for: the SENDCo's own replies are
    # not news to the SENDCo.
    replies = (
        FeedbackReply.objects.filter(
            feedback__observation__in=observations,
            created_at__gte=timezone.now() - timedelta(days=30),
            author=F("feedback__observation__visit__teacher"),
        )
        .select_related("author", "feedback")
        .order_by("-created_at", "-pk")
    )
    without_feedback, without_feedback_count, _ = head_and_total(without, listed)
    shown_drafts, drafts_count, _ = head_and_total(drafts, listed)
    return FeedbackFollowUp(
        without_feedback=without_feedback,
        without_feedback_count=without_feedback_count,
        drafts=shown_drafts,
        drafts_count=drafts_count,
        replies=list(replies[:listed]),
    )


def teacher_walk_notes(user: User) -> QuerySet[Feedback]:
    """The teacher's released walk notes, newest first; ``is_unread`` on each
    says whether the teacher has yet to open it."""
    return (
        released_notes_for_teacher(user)
        .select_related("observation__visit__walk", "observation__visit__group")
        .annotate(reply_count=Count("replies"))
        .order_by("-released_at", "-pk")
    )


def unread_walk_notes(user: User) -> QuerySet[Feedback]:
    """The teacher's walk notes they have not opened yet, newest first."""
    return teacher_walk_notes(user).filter(read_at__isnull=True)
