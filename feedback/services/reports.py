"""The walk report: drafted from the walk's observations, then edited by the SENDCo."""

from __future__ import annotations

from feedback.models import Feedback, WalkReport
from feedback.queries import picture_build
from feedback.services.names import school_names
from sendit.lib.privacy import names_in_text
from sendit.lib.versions import update_if_current
from sendit.lib.words import counted, times, unique_lines
from walks.models import LearningWalk


def walk_report_draft(*, walk: LearningWalk) -> WalkReport:
    """The walk's report, drafted from its observations the first time it is asked for.

    Built from aggregates and from strengths teachers agreed to share, so
    that it names no teacher; the SENDCo edits it before publishing.
    """
    try:
        return walk.report
    except WalkReport.DoesNotExist:
        pass
    picture = picture_build(walks=LearningWalk.objects.filter(pk=walk.pk), anonymise=False)
    strengths = []
    for share in picture.focus:
        if share.rated and share.seen * 2 >= share.rated:
            strengths.append(
                f"{share.title}: seen in {share.seen} of {counted(share.rated, 'visit')} "
                "where it applied."
            )
    for theme, n in picture.strength_themes[:3]:
        strengths.append(f"{theme} was noted as a strength {times(n)}.")
    # Only strengths the teacher agreed to share, and none that names anyone:
    # the report is read by all staff.
    names = school_names(school=walk.school)
    # Two teachers may share the same words: each line once.
    good_practice = [
        f"\u201c{text.strip()}\u201d"
        for text in unique_lines(
            Feedback.objects.filter(
                observation__visit__walk=walk,
                status=Feedback.Status.RELEASED,
                share_agreed_at__isnull=False,
            )
            .order_by("share_agreed_at", "pk")
            .values_list("shared_strength", flat=True)
        )
        if not names_in_text(text, names)
    ]
    if not good_practice and picture.strength_themes:
        theme = picture.strength_themes[0][0]
        good_practice.append(
            f"{theme}: ask colleagues whose lessons showed this to share an example at a briefing."
        )
    policy = []
    closer = []
    for share in picture.focus:
        if share.rated and share.not_seen * 10 >= share.rated * 4:
            policy.append(
                f"{share.title} was not seen in {share.not_seen} of "
                f"{counted(share.rated, 'visit')}: "
                "does the routine or policy make it easy to do in every lesson?"
            )
        elif share.rated and share.partly * 10 >= share.rated * 4:
            closer.append(
                f"{share.title} was only partly seen in {share.partly} of "
                f"{counted(share.rated, 'visit')}."
            )
    for theme, n in picture.point_themes[:2]:
        closer.append(f"{theme} came up {times(n)} as something to work on.")
    if picture.strategies_checked:
        not_seen = picture.strategies_checked - picture.strategies_seen
        if not_seen:
            closer.append(
                f"Profile strategies were not seen in use in {not_seen} of "
                f"{counted(picture.strategies_checked, 'check')}: "
                "are the profiles easy to find before a lesson?"
            )
    report = WalkReport.objects.create(
        walk=walk,
        strengths="\n".join(unique_lines(strengths)),
        good_practice="\n".join(unique_lines(good_practice)),
        policy_changes="\n".join(unique_lines(policy)),
        closer_look="\n".join(unique_lines(closer)),
    )
    return report


REPORT_FIELDS = ("strengths", "good_practice", "policy_changes", "closer_look")


def walk_report_save(*, report: WalkReport, data: dict, base_version: int) -> WalkReport:
    update_if_current(
        WalkReport.objects.all(),
        pk=report.pk,
        base_version=base_version,
        values={name: data.get(name, "") for name in REPORT_FIELDS},
    )
    report.refresh_from_db()
    return report
