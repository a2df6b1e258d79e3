"""Work of the walks app that spans models or has side effects."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypedDict, TypeVar

from django import forms
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from pupils.models import Assessment, Concern, InterventionPlace, SenStatus, TeachingGroup
from schools.models import Role, School, User
from sendit.lib.versions import version_check
from walks.models import MAX_VISIT_MINUTES, FocusArea, LearningWalk, Visit
from walks.queries import observation_counts

# The default focus library. Our own wording of what a SEND learning walk
# looks for; each school edits, adds to and retires these.
DEFAULT_FOCUS_AREAS: list[tuple[str, str, str]] = [
    (
        "Whole-school strategies",
        "Which of the approaches we have agreed for every classroom can you see in use?",
        FocusArea.Category.WHOLE_SCHOOL,
    ),
    (
        "Knowing the learners",
        "Does the lesson show that the adult knows who has SEND and what each of them needs?",
        FocusArea.Category.INDIVIDUAL,
    ),
    (
        "Profile strategies in action",
        "Are the strategies from pupils' one-page profiles happening for those pupils?",
        FocusArea.Category.INDIVIDUAL,
    ),
    (
        "Training and support needs",
        "What would help this teacher or TA next: time, know-how, information or practice?",
        FocusArea.Category.PROFESSIONAL,
    ),
    (
        "Seating and grouping",
        "Do where pupils sit and who they work with help the learners with SEND take part?",
        FocusArea.Category.ENVIRONMENT,
    ),
    (
        "High expectations with scaffolds",
        "Is the task ambitious for learners with SEND, with steps in place to reach it?",
        FocusArea.Category.WHOLE_SCHOOL,
    ),
    (
        "Working towards targets",
        "Does what pupils do here move them towards their EHCP outcomes or SEN support targets?",
        FocusArea.Category.OUTCOMES,
    ),
]


class SendCounts(TypedDict):
    send: int  # learners with SEND (support or EHC plan) in the class
    ehcp: int  # of them, with an EHC plan


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    GroupWithSend = WithAnnotations[TeachingGroup, SendCounts]

G = TypeVar("G", bound=TeachingGroup)

CONCERN_WINDOW = timedelta(weeks=6)
BRIGHT_SPOT_WINDOW = timedelta(days=365)
SUGGESTIONS_PER_KIND = 6
ON_REGISTER = (SenStatus.SUPPORT, SenStatus.EHC_PLAN)


# Focus library -------------------------------------------------------------------


def focus_library_ensure_defaults(*, school: School) -> list[FocusArea]:
    """Give a school with an empty library the default focus areas.

    A school that has any focus area (even a retired one) has made the
    library its own, so nothing is added back.
    """
    if FocusArea.objects.filter(school=school).exists():
        return []
    return FocusArea.objects.bulk_create(
        [
            FocusArea(school=school, title=title, prompt=prompt, category=category, position=n)
            for n, (title, prompt, category) in enumerate(DEFAULT_FOCUS_AREAS, start=1)
        ]
    )


# Observers and the yearly limit ---------------------------------------------------


def external_observer_names(text: str) -> list[str]:
    """Other professionals typed as a list separated by commas, semicolons or lines."""
    return [name.strip() for name in re.split(r"[,;\n]", text or "") if name.strip()]


def visit_clashes(
    *, observers: list[User], starts_at: datetime, minutes: int, exclude_pk: int | None = None
) -> dict[User, Visit]:
    """Visits (of any walk) that would put one of these observers in two places at once."""
    ends_at = starts_at + timedelta(minutes=minutes)
    # Nothing lasts longer than MAX_VISIT_MINUTES, so only visits starting in
    # this window can overlap; the exact overlap is checked below.
    nearby = (
        Visit.observers.through.objects.filter(
            user__in=observers,
            visit__starts_at__lt=ends_at,
            visit__starts_at__gt=starts_at - timedelta(minutes=MAX_VISIT_MINUTES),
        )
        .select_related("visit__group")
        .order_by("visit__starts_at")
    )
    if exclude_pk is not None:
        nearby = nearby.exclude(visit_id=exclude_pk)
    by_id = {observer.pk: observer for observer in observers}
    clashes: dict[User, Visit] = {}
    for link in nearby:
        if link.visit.ends_at > starts_at:
            clashes.setdefault(by_id[link.user_id], link.visit)
    return clashes


def walk_observers_changed(*, walk: LearningWalk) -> None:
    """Take people who left the walk's observers off its visits too."""
    Visit.observers.through.objects.filter(visit__walk=walk).exclude(
        user_id__in=walk.observers.values("pk")
    ).delete()


@transaction.atomic
def walk_edit_save(*, form: forms.ModelForm, base_version: int) -> LearningWalk:
    """Save the walk form, unless the walk was saved since the form was opened.

    Raises VersionConflict, writing nothing, when it was: concurrent edits
    never overwrite each other silently.
    """
    saved = LearningWalk.objects.select_for_update().get(pk=form.instance.pk)
    version_check(saved, base_version=base_version)
    walk = form.save(commit=False)
    walk.version = saved.version + 1
    walk.save()
    form.save_m2m()
    walk_observers_changed(walk=walk)
    return walk


# Announcing ------------------------------------------------------------------------


def walk_announce(*, walk: LearningWalk, upcoming_url: str) -> None:
    """Mark the walk announced; the email to all staff goes after the commit.

    The worker sends it (walks/announcements.py). Tasks sit above services:
    they import what they run, and services reach them only here.
    """
    from walks.tasks import email_walk_announcement

    walk.announce()
    transaction.on_commit(lambda: email_walk_announcement.delay(walk.pk, upcoming_url))


# Planning help ---------------------------------------------------------------------


@dataclass
class Suggestion:
    group: TeachingGroup
    teacher: User | None
    reason: str
    observations: int = 0


KIND_TITLES = {
    "many-send": "Classes with many learners with SEND",
    "concerns": "Classes where concerns were raised recently",
    "bright-spots": "Bright spots: learners with SEND doing well",
    "not-visited": "Teachers not yet visited this school year",
}

# Where a focus is best seen, so that those classes are suggested first: the
# kind of suggestion, and the words that say why.
FOCUS_FIRST: dict[str, tuple[str, str]] = {
    FocusArea.Category.INDIVIDUAL: ("many-send", "in classes with many learners with SEND"),
    FocusArea.Category.OUTCOMES: ("many-send", "where learners have EHC plans"),
    FocusArea.Category.ENVIRONMENT: ("many-send", "in classes with many learners with SEND"),
    FocusArea.Category.PROFESSIONAL: ("concerns", "where colleagues have raised concerns"),
    FocusArea.Category.WHOLE_SCHOOL: ("not-visited", "across many teachers' classrooms"),
}
# Classes suggested first in the class list of "Add a visit".
SUGGESTED_IN_LIST = 12


@dataclass
class PlanningHelp:
    limit: int
    many_send: list[Suggestion] = field(default_factory=list)
    concerns: list[Suggestion] = field(default_factory=list)
    bright_spots: list[Suggestion] = field(default_factory=list)
    not_visited: list[Suggestion] = field(default_factory=list)
    not_visited_total: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    # The kinds in the order this walk's purpose and focus ask for, and why.
    order: list[str] = field(default_factory=lambda: list(KIND_TITLES))
    why: str = ""
    year_groups: list[int] = field(default_factory=list)

    @property
    def kinds(self) -> list[tuple[str, str, list[Suggestion]]]:
        lists = {
            "many-send": self.many_send,
            "concerns": self.concerns,
            "bright-spots": self.bright_spots,
            "not-visited": self.not_visited,
        }
        return [(key, KIND_TITLES[key], lists[key]) for key in self.order]

    def suggested_groups(self) -> list[TeachingGroup]:
        """The suggested classes once each, the kinds in this walk's order."""
        seen: dict[int, TeachingGroup] = {}
        for _, _, suggestions in self.kinds:
            for suggestion in suggestions:
                seen.setdefault(suggestion.group.pk, suggestion.group)
        return list(seen.values())[:SUGGESTED_IN_LIST]


def _order_for(walk: LearningWalk, focus: list[FocusArea]) -> tuple[list[str], str, bool]:
    """The kinds of suggestion in the order the walk's purpose, then its focus
    areas, ask for; sentences saying why; and whether EHC plans rank first."""
    first: list[str] = []
    reasons: list[str] = []

    def put_first(kind: str, because: str) -> None:
        if kind not in first:
            title = KIND_TITLES[kind]
            place = "first" if not first else "next"
            reasons.append(f"{because}, so {title[0].lower()}{title[1:]} come {place}.")
            first.append(kind)

    if walk.purpose == LearningWalk.Purpose.GOOD_PRACTICE:
        put_first("bright-spots", "This walk shares good practice")
    ehcp_first = False
    for area in focus:
        if area.category in FOCUS_FIRST:
            kind, where = FOCUS_FIRST[area.category]
            ehcp_first = ehcp_first or area.category == FocusArea.Category.OUTCOMES
            put_first(kind, f"{area.title} is best seen {where}")
    if ehcp_first:
        reasons.append("Classes with more learners with EHC plans are listed higher.")
    order = first + [kind for kind in KIND_TITLES if kind not in first]
    return order, " ".join(reasons), ehcp_first


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _spread(groups: list[G], limit: int, per_year: int = 2) -> list[G]:
    """The first ``limit`` groups, at most ``per_year`` from one year group while others wait.

    Form-taught classes share their pupils, so without this one form's six
    subjects can fill a list.
    """
    chosen: list[G] = []
    per: dict[int, int] = defaultdict(int)
    for group in groups:
        if len(chosen) < limit and per[group.year_group] < per_year:
            chosen.append(group)
            per[group.year_group] += 1
    for group in groups:  # top up if the school has few year groups
        if len(chosen) < limit and group not in chosen:
            chosen.append(group)
    return chosen


def _reading_at_or_above_age(taken_on: date, born: date, reading_age_months: int) -> bool:
    months = (taken_on.year - born.year) * 12 + taken_on.month - born.month
    if taken_on.day < born.day:
        months -= 1
    return reading_age_months >= months


def visit_suggestions(
    *, walk: LearningWalk, today: date, counts: dict[int, int] | None = None
) -> PlanningHelp:
    """Classes worth visiting on this walk, each with its reason in words.

    Only classes of the walk's year groups, when it has any. The kinds come in
    the order the walk's purpose and focus ask for (``_order_for``); a focus
    on EHCP outcomes ranks classes by their learners with EHC plans first.

    A fixed number of queries whatever the size of the school: every count is
    an aggregate or one fetch of pairs, combined in Python. ``counts`` is
    ``observation_counts`` for the walk's day, when the caller has it already.
    """
    school = walk.school
    planning = PlanningHelp(limit=school.yearly_observation_limit)
    planning.order, planning.why, ehcp_first = _order_for(walk, list(walk.focus_areas.all()))
    planning.year_groups = sorted(walk.year_groups)
    planning.counts = (
        counts if counts is not None else observation_counts(school=school, day=walk.starts_on)
    )
    taken = set(walk.visits.values_list("group_id", flat=True))
    groups = TeachingGroup.objects.filter(school=school).exclude(pk__in=taken)
    if walk.year_groups:
        groups = groups.filter(year_group__in=walk.year_groups)
    send_filter = Q(pupils__sen_status__in=ON_REGISTER)
    by_send: dict[int, GroupWithSend] = {
        g.pk: g
        for g in groups.annotate(
            send=Count("pupils", filter=send_filter, distinct=True),
            ehcp=Count("pupils", filter=Q(pupils__sen_status=SenStatus.EHC_PLAN), distinct=True),
        ).prefetch_related("teachers")
    }

    def suggest(group: TeachingGroup, reason: str) -> Suggestion:
        teachers = list(group.teachers.all())
        teacher = teachers[0] if teachers else None
        count = planning.counts.get(teacher.pk, 0) if teacher else 0
        return Suggestion(group=group, teacher=teacher, reason=reason, observations=count)

    ranked = sorted(
        (g for g in by_send.values() if g.send),
        key=lambda g: (-g.ehcp, -g.send, g.code) if ehcp_first else (-g.send, -g.ehcp, g.code),
    )
    for group in _spread(ranked, SUGGESTIONS_PER_KIND):
        reason = _plural(group.send, "learner with SEND", "learners with SEND")
        if group.ehcp:
            reason += f", {group.ehcp} with an EHC plan"
        planning.many_send.append(suggest(group, reason + "."))

    # Concerns: raised about this class, or about a pupil in it.
    since = today - CONCERN_WINDOW
    recent = Concern.objects.filter(school=school, noticed_on__gte=since)
    direct: dict[int, set[int]] = defaultdict(set)
    via_pupils: dict[int, set[int]] = defaultdict(set)
    for group_id, concern_id in recent.exclude(group=None).values_list("group_id", "pk"):
        direct[group_id].add(concern_id)
    memberships = TeachingGroup.pupils.through.objects.filter(
        teachinggroup__school=school, pupil__concerns__in=recent
    ).values_list("teachinggroup_id", "pupil__concerns__id")
    for group_id, concern_id in memberships:
        via_pupils[group_id].add(concern_id)
    concern_groups = [
        pk for pk in set(direct) | set(via_pupils) if pk in by_send
    ]  # skips classes already on the walk
    concern_groups.sort(
        key=lambda pk: (-len(direct[pk]), -len(direct[pk] | via_pupils[pk]), by_send[pk].code)
    )
    for group in _spread([by_send[pk] for pk in concern_groups], SUGGESTIONS_PER_KIND):
        pk = group.pk
        about_class, total = len(direct[pk]), len(direct[pk] | via_pupils[pk])
        parts = []
        if about_class:
            parts.append(f"{_plural(about_class, 'concern', 'concerns')} raised in this class")
        if total - about_class:
            parts.append(
                f"{_plural(total - about_class, 'concern', 'concerns')} about pupils in it"
            )
        planning.concerns.append(
            suggest(by_send[pk], " and ".join(parts).capitalize() + " in the last 6 weeks.")
        )

    # Bright spots: learners with SEND doing well in tests or interventions.
    window = today - BRIGHT_SPOT_WINDOW
    doing_well: set[int] = set()
    assessments = Assessment.objects.filter(
        pupil__school=school, pupil__sen_status__in=ON_REGISTER, taken_on__gte=window
    ).values_list(
        "pupil_id", "standardised_score", "reading_age_months", "taken_on", "pupil__date_of_birth"
    )
    for pupil_id, score, reading_age, taken_on, born in assessments:
        if (score is not None and score >= 100) or (
            reading_age is not None and _reading_at_or_above_age(taken_on, born, reading_age)
        ):
            doing_well.add(pupil_id)
    gained = set(
        InterventionPlace.objects.filter(
            intervention__school=school,
            pupil__sen_status__in=ON_REGISTER,
            intervention__ends_on__gte=window,
            exit_measure__gt=F("entry_measure"),
        ).values_list("pupil_id", flat=True)
    )
    bright: dict[int, set[int]] = defaultdict(set)
    for group_id, pupil_id in TeachingGroup.pupils.through.objects.filter(
        teachinggroup__school=school, pupil_id__in=doing_well | gained
    ).values_list("teachinggroup_id", "pupil_id"):
        if group_id in by_send:
            bright[group_id].add(pupil_id)
    ranked_bright = sorted(bright, key=lambda pk: (-len(bright[pk]), by_send[pk].code))
    for group in _spread([by_send[pk] for pk in ranked_bright], SUGGESTIONS_PER_KIND):
        pk = group.pk
        pupils = bright[pk]
        tests = len(pupils & doing_well)
        progress = len(pupils & gained)
        parts = []
        if tests:
            parts.append(f"{tests} at or above the expected level in recent tests")
        if progress:
            parts.append(f"{progress} making progress in an intervention")
        reason = (
            _plural(len(pupils), "learner with SEND", "learners with SEND")
            + " doing well: "
            + "; ".join(parts)
            + "."
        )
        planning.bright_spots.append(suggest(by_send[pk], reason))

    # Teachers nobody has visited (or planned to visit) this school year: their
    # class with the most learners with SEND.
    teachers = (
        User.objects.in_school(school, Role.TEACHER)
        .filter(is_active=True)
        .exclude(pk__in=list(planning.counts))
    )
    unvisited = {t.pk for t in teachers}
    best: dict[int, GroupWithSend] = {}
    for group in sorted(by_send.values(), key=lambda g: (-g.send, g.code)):
        for teacher in group.teachers.all():
            if teacher.pk in unvisited and teacher.pk not in best:
                best[teacher.pk] = group
    planning.not_visited_total = len(best)
    for teacher_pk, group in sorted(best.items(), key=lambda item: (-item[1].send, item[1].code))[
        : SUGGESTIONS_PER_KIND * 2
    ]:
        suggestion = suggest(group, "")
        suggestion.teacher = next(t for t in group.teachers.all() if t.pk == teacher_pk)
        suggestion.observations = 0
        suggestion.reason = (
            f"{suggestion.teacher.display_name} has no visit yet this school year; "
            f"this class has {_plural(group.send, 'learner', 'learners')} with SEND."
        )
        planning.not_visited.append(suggestion)
    return planning


def visit_start(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))
