from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from feedback.models import Evidence, FocusEvidence, StrategyCheck, WalkReport
from feedback.tests.conftest import completed, released
from schools.models import Role
from tests.factories import make_focus_area, make_group, make_pupil, make_visit, make_walk
from tests.recover import recovered
from walks.models import LearningWalk, Visit


def picture_url(**params: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("feedback:picture") + (f"?{query}" if query else "")


@pytest.fixture
def observed(cast, setup):
    """Both visits recorded, with names written into the free text on purpose."""
    a, b = setup.focus
    one = completed(
        setup.visit,
        cast.sendco,
        strengths=f"{cast.pupil.full_name} used the checklist; praised by {cast.teacher.last_name}",
    )
    two = completed(setup.visit2, cast.slt, even_better_if="Seating plan to follow the profile")
    FocusEvidence.objects.create(observation=one, focus_area=a, rating=Evidence.SEEN)
    FocusEvidence.objects.create(observation=two, focus_area=a, rating=Evidence.PARTLY)
    FocusEvidence.objects.create(observation=two, focus_area=b, rating=Evidence.NOT_SEEN)
    StrategyCheck.objects.create(
        observation=one, pupil=cast.pupil, strategy=setup.strategies[0], result="seen"
    )
    return one, two


NAMES_TO_HIDE = lambda cast: [  # noqa: E731
    cast.teacher.first_name,
    cast.teacher.last_name,
    cast.teacher2.last_name,
    cast.sendco.last_name,
    cast.slt.last_name,
    cast.group.code,
    cast.group2.code,
    cast.pupil.legal_first_name,
    cast.pupil.legal_last_name,
    cast.pupil2.legal_last_name,
]


@pytest.mark.parametrize("role", [Role.SENDCO, Role.SLT, Role.GOVERNOR])
def test_no_teacher_class_or_pupil_name_in_the_picture(client, cast, setup, observed, role) -> None:
    client.force_login(cast.by_role(role))
    for url in (picture_url(), picture_url(walk=setup.walk.pk)):
        response = client.get(url)
        assert response.status_code == 200
        # The header names the signed-in user; the picture itself is <main>.
        page = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        assert "Scaffolding for all" in page
        for name in NAMES_TO_HIDE(cast):
            assert name not in page, f"{name} shown to {role}"


def test_shares_and_themes_for_leaders(client, cast, setup, observed) -> None:
    client.force_login(cast.slt)
    page = client.get(picture_url(walk=setup.walk.pk)).content.decode()
    assert "1 (50%)" in page  # seen in one of two visits
    assert "Relationships and routines" in page  # "praised"
    assert "Seating and grouping" in page
    # Every share says how many visits it comes from, and when that is few.
    assert "From 2 visits (based on fewer than 5 visits)" in page
    assert "From 1 visit (based on fewer than 5 visits)" in page  # "Seating plans"
    assert "100% of checks, from 1 check (based on fewer than 5 checks)." in page
    assert "came up as a strength once." in page
    assert "1 times" not in page


def test_the_share_base_says_when_it_is_few(client, cast, setup) -> None:
    (a, _) = setup.focus
    for n in range(5):
        if n < 2:
            visit = (setup.visit, setup.visit2)[n]
        else:
            visit = make_visit(setup.walk, make_group(cast.school, teachers=[cast.teacher2]))
        FocusEvidence.objects.create(
            observation=completed(visit, cast.sendco), focus_area=a, rating=Evidence.SEEN
        )
    client.force_login(cast.sendco)
    page = client.get(picture_url(walk=setup.walk.pk)).content.decode()
    assert "5 (100%)" in page
    assert "From 5 visits<" in page
    assert "seen in 100% of the visits that looked for it, from 5 visits." in page
    assert "based on fewer than 5 visits" not in page


def test_governors_see_fewer_than_5_and_no_small_shares(client, cast, setup, observed) -> None:
    client.force_login(cast.governor)
    page = client.get(picture_url(walk=setup.walk.pk)).content.decode()
    assert "fewer than 5" in page
    assert "(50%)" not in page
    # No share, so nothing to say what it rests on: the suppression holds.
    assert "From 2 visits" not in page
    assert "based on fewer than 5" not in page


def test_the_picture_per_term(client, cast, setup, observed) -> None:
    old = make_walk(
        cast.school,
        title="Summer walk",
        starts_on=date(2020, 6, 10),
        state=LearningWalk.State.COMPLETED,
        focus_areas=[setup.focus[0]],
        observers=[cast.sendco],
    )
    group = make_group(cast.school, teachers=[cast.teacher2], pupils=[make_pupil(cast.school)])
    past = completed(make_visit(old, group), cast.sendco)
    FocusEvidence.objects.create(observation=past, focus_area=setup.focus[0], rating="not_seen")
    client.force_login(cast.sendco)
    page = client.get(picture_url(term="2019-summer")).content.decode()
    assert "Summer 2020 term" in page
    assert "Seating plans" not in page  # only the old walk's focus
    assert "0 (0%)" in page and "1 (100%)" in page
    assert client.get(picture_url(walk=999999)).status_code == 404


def test_picture_is_not_for_teachers(client, cast) -> None:
    for role in (Role.TEACHER, Role.TA, Role.SCHOOL_ADMIN):
        client.force_login(cast.by_role(role))
        assert client.get(picture_url()).status_code == 404


def test_the_picture_query_count_does_not_grow_with_visits(
    client, cast, setup, observed, django_assert_max_num_queries
) -> None:
    client.force_login(cast.sendco)
    # +1 since memberships: the active membership (schools.middleware); +2 for
    # the school's term dates (schools.terms, two queries for any number of years).
    with django_assert_max_num_queries(17):
        client.get(picture_url(walk=setup.walk.pk))
    for _ in range(12):
        group = make_group(cast.school, teachers=[cast.teacher2])
        record = completed(make_visit(setup.walk, group), cast.sendco)
        FocusEvidence.objects.create(observation=record, focus_area=setup.focus[0], rating="seen")
    with django_assert_max_num_queries(17):
        page = client.get(picture_url(walk=setup.walk.pk)).content.decode()
    assert "13 (93%)" in page


def test_sendco_drafts_edits_and_publishes_the_walk_report(client, cast, setup, observed) -> None:
    released(observed[0]).agree_to_share("Modelled the first example")
    client.force_login(cast.sendco)
    listing = client.get(reverse("feedback:reports")).content.decode()
    edit_url = reverse("feedback:report_edit", kwargs={"walk_pk": setup.walk.pk})
    assert edit_url in listing
    page = client.get(edit_url).content.decode()
    assert "Modelled the first example" in page
    report = WalkReport.objects.get(walk=setup.walk)
    data = {
        "version": report.version,
        "strengths": "Routines are calm",
        "good_practice": "Modelling",
        "policy_changes": "Seating plans in every room",
        "closer_look": "Checking understanding",
        "action": "publish",
    }
    response = client.post(edit_url, data)
    report.refresh_from_db()
    assert report.is_published and report.strengths == "Routines are calm"
    assert response.url == reverse("feedback:report", kwargs={"pk": report.pk})
    # A stale save is refused with both versions on the page.
    stale = client.post(edit_url, {**data, "strengths": "Stale edit", "action": "save"})
    assert stale.status_code == 409
    assert "Stale edit" in stale.content.decode() and "Routines are calm" in stale.content.decode()
    # All staff read it.
    client.force_login(cast.teacher2)
    page = client.get(reverse("feedback:report", kwargs={"pk": report.pk})).content.decode()
    assert "Seating plans in every room" in page
    assert (
        reverse("feedback:report", kwargs={"pk": report.pk})
        in client.get(reverse("feedback:reports")).content.decode()
    )


def test_unpublished_reports_and_unfinished_walks_are_out_of_reach(client, cast, setup) -> None:
    report = WalkReport.objects.create(walk=setup.walk, strengths="Draft only")
    client.force_login(cast.teacher)
    assert client.get(reverse("feedback:report", kwargs={"pk": report.pk})).status_code == 404
    assert (
        client.get(reverse("feedback:report_edit", kwargs={"walk_pk": setup.walk.pk})).status_code
        == 404
    )
    planned = make_walk(cast.school)
    client.force_login(cast.sendco)
    assert (
        client.get(reverse("feedback:report_edit", kwargs={"walk_pk": planned.pk})).status_code
        == 404
    )
    client.force_login(cast.governor)
    assert client.get(reverse("feedback:reports")).status_code == 404


def test_dashboard_panel_lists_what_the_sendco_must_act_on(client, cast, setup) -> None:
    third = make_visit(setup.walk, make_group(cast.school, teachers=[cast.teacher2]))
    waiting = completed(third, cast.slt)
    drafted = completed(setup.visit2, cast.slt)
    from feedback.models import Feedback, FeedbackReply

    Feedback.objects.create(observation=drafted, strengths="A")
    note = released(completed(setup.visit, cast.sendco))
    FeedbackReply.objects.create(feedback=note, author=cast.teacher, text="Can we talk on Friday?")
    FeedbackReply.objects.create(feedback=note, author=cast.sendco, text="My own reply")
    client.force_login(cast.sendco)
    page = client.get(reverse("shell:dashboard")).content.decode()
    assert "Walk feedback" in page
    assert reverse("feedback:draft", kwargs={"observation_pk": waiting.pk}) in page
    assert reverse("feedback:draft", kwargs={"observation_pk": drafted.pk}) in page
    assert "Can we talk on Friday?" in page
    assert "My own reply" not in page
    # The SLT's record of a visit that already has a released note waits for nothing.
    second_record = completed(setup.visit, cast.slt)
    page = client.get(reverse("shell:dashboard")).content.decode()
    assert reverse("feedback:draft", kwargs={"observation_pk": second_record.pk}) not in page


def test_governors_cannot_work_out_a_small_count_from_the_shares(client, cast, setup) -> None:
    """Five visits, one "not seen": its count and share stay hidden, and so does
    another, so that subtracting from the total gives nothing away."""
    focus = setup.focus[0]
    visits = [setup.visit, setup.visit2] + [
        make_visit(
            setup.walk, make_group(cast.school, teachers=[cast.teacher2]), teacher=cast.teacher2
        )
        for _ in range(3)
    ]
    for n, visit in enumerate(visits):
        record = completed(visit, cast.sendco)
        FocusEvidence.objects.create(
            observation=record,
            focus_area=focus,
            rating=Evidence.NOT_SEEN if n == 0 else Evidence.SEEN,
        )
    client.force_login(cast.governor)
    page = client.get(reverse("feedback:picture"), {"walk": setup.walk.pk}).content.decode()
    assert "(20%)" not in page and "(80%)" not in page
    assert "not shown" in page
    client.force_login(cast.slt)
    page = client.get(reverse("feedback:picture"), {"walk": setup.walk.pk}).content.decode()
    assert "(20%)" in page and "(80%)" in page


def test_a_published_report_cannot_be_saved_empty(client, cast, setup) -> None:
    report = WalkReport.objects.create(
        walk=setup.walk, strengths="Calm starts", status=WalkReport.Status.PUBLISHED
    )
    client.force_login(cast.sendco)
    response = client.post(
        reverse("feedback:report_edit", kwargs={"walk_pk": setup.walk.pk}),
        {
            "version": report.version,
            "strengths": "",
            "good_practice": "",
            "policy_changes": "",
            "closer_look": "",
        },
    )
    assert response.status_code == 200
    assert "cannot be empty" in response.content.decode()
    report.refresh_from_db()
    assert report.strengths == "Calm starts"


def _focus_row(html: str, title: str) -> dict[str, str]:
    main = html.split("<main", 1)[1]
    row = main.split(f'<th scope="row">{title}', 1)[1].split("</th>", 1)[1].split("</tr>", 1)[0]
    cells = [c.strip() for c in re.findall(r"<td>([^<]*)</td>", row)]
    out = {}
    for name, cell in zip(("seen", "partly", "not_seen", "rated"), cells, strict=True):
        count, _, share = cell.partition(" (")
        # A share next to a hidden count, or of a hidden total, gives it away.
        if share:
            assert count.isdigit() and cells[3].isdigit(), cells
        out[name] = count
    return out


@pytest.mark.parametrize("small", [1, 4])
def test_governors_cannot_work_out_a_small_count_in_any_position(client, cast, small) -> None:
    focus = make_focus_area(cast.school, "Checking understanding")
    walk = make_walk(
        cast.school,
        focus_areas=[focus],
        observers=[cast.sendco],
        state=LearningWalk.State.COMPLETED,
        starts_on=date(2025, 10, 6),
    )
    groups = [make_group(cast.school, teachers=[cast.teacher]) for _ in range(16)]
    client.force_login(cast.governor)
    ratings = (Evidence.SEEN, Evidence.PARTLY, Evidence.NOT_SEEN)
    relations = [("rated", ["seen", "partly", "not_seen"])]
    for position in range(4):
        for others in ((6, 0), (0, 0), (5, 7)):
            values = list(others)
            if position < 3:
                values.insert(position, small)
            else:  # the total small: every rating small or none
                values = [small, 0, 0] if small < 3 else [1, small - 1, 0]
            Visit.objects.filter(walk=walk).delete()
            pool = iter(groups)
            for rating, n in zip(ratings, values, strict=True):
                for _ in range(n):
                    visit = make_visit(walk, next(pool), teacher=cast.teacher)
                    FocusEvidence.objects.create(
                        observation=completed(visit, cast.sendco), focus_area=focus, rating=rating
                    )
            truth = dict(zip(("seen", "partly", "not_seen"), values, strict=True))
            truth["rated"] = sum(values)
            html = client.get(picture_url(term="2025-autumn")).content.decode()
            shown = _focus_row(html, "Checking understanding")
            for key, text in shown.items():
                assert text in ("fewer than 5", "not shown", str(truth[key])), (key, text)
            assert recovered(shown, truth, relations) == {}, (values, shown)


def test_governors_are_not_offered_one_walk(client, cast, setup, observed) -> None:
    client.force_login(cast.governor)
    page = client.get(picture_url(walk=setup.walk.pk)).content.decode()
    assert 'name="walk"' not in page
    client.force_login(cast.slt)
    assert 'name="walk"' in client.get(picture_url()).content.decode()
