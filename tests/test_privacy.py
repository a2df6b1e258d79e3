"""sendit.lib.privacy: small counts stay hidden everywhere they could be worked out."""

from __future__ import annotations

import itertools

import pytest

from sendit.lib.privacy import (
    FEWER_THAN_5,
    NOT_SHOWN,
    Figures,
    PersonName,
    anonymous_label,
    name_variants,
    names_in_text,
)
from tests.recover import recovered


def _suppress(counts: dict[str, int], relations, unpublished=()):
    figures = Figures()
    for key, n in counts.items():
        figures.count(key, n, shown=key not in unpublished)
    for total, parts in relations:
        figures.total(total, parts)
    shown = figures.suppress()
    return {k: (shown[k] if k not in unpublished else None) for k in counts}


def _row(values: list[int]):
    counts = {f"c{i}": v for i, v in enumerate(values)} | {"total": sum(values)}
    return counts, [("total", [f"c{i}" for i in range(len(values))])]


def test_the_reader_recovers_what_the_old_rule_left() -> None:
    # The checker itself: a row of 0, 4, 4 and its total 8 gives both fours away.
    assert recovered(
        {"total": "8", "a": "0", "b": FEWER_THAN_5, "c": FEWER_THAN_5},
        {"total": 8, "a": 0, "b": 4, "c": 4},
        [("total", ["a", "b", "c"])],
    ) == {"b": {4}, "c": {4}}


@pytest.mark.parametrize("small", [1, 2, 3, 4])
@pytest.mark.parametrize("position", range(4))
def test_one_small_count_in_every_position_of_a_row(small: int, position: int) -> None:
    for others in ([0, 0, 0], [5, 0, 9], [6, 7, 5], [0, 12, 0], [1, 4, 0]):
        values = others[:position] + [small] + others[position:]
        counts, relations = _row(values)
        shown = _suppress(counts, relations)
        assert shown[f"c{position}"] in (FEWER_THAN_5, NOT_SHOWN)
        assert recovered(shown, counts, relations) == {}, (values, shown)
        for key, n in counts.items():  # a shown figure is the true one
            assert shown[key] in (FEWER_THAN_5, NOT_SHOWN, str(n))


def test_every_row_of_small_counts_up_to_four_cells() -> None:
    for size in (2, 3):
        for values in itertools.product([0, 1, 2, 4, 5, 7], repeat=size):
            counts, relations = _row(list(values))
            shown = _suppress(counts, relations)
            assert recovered(shown, counts, relations) == {}, (values, shown)


def test_two_tables_with_one_total_and_a_figure_never_shown() -> None:
    """The governor summary: all = none + K + E; register = K + E = the areas."""
    relations = [
        ("all", ["none", "K", "E"]),
        ("register", ["K", "E"]),
        ("register", ["a1", "a2", "a3", "a4"]),
    ]
    cases = 0
    for k_areas, e_areas in itertools.product(
        [(0, 6, 1, 0), (3, 5, 5, 0), (6, 7, 5, 9), (1, 1, 0, 2)],
        [(0, 0, 0, 2), (0, 5, 0, 0), (4, 0, 0, 0), (0, 0, 0, 0)],
    ):
        for none in (0, 3, 40):
            areas = [a + b for a, b in zip(k_areas, e_areas, strict=True)]
            counts = {
                "K": sum(k_areas),
                "E": sum(e_areas),
                "register": sum(areas),
                "none": none,
                "all": none + sum(areas),
            } | {f"a{i + 1}": n for i, n in enumerate(areas)}
            shown = _suppress(counts, relations, unpublished={"none"})
            assert recovered(shown, counts, relations) == {}, (counts, shown)
            cases += 1
    assert cases == 48


def test_bounds_alone_can_give_counts_away_so_they_are_widened() -> None:
    # Four areas of 1 add up to a register of 4: "fewer than 5" everywhere would
    # pin every area at 1, so the page says "not shown" instead.
    relations = [("register", ["K", "E"]), ("register", ["a1", "a2", "a3", "a4"])]
    counts = {"register": 4, "K": 4, "E": 0, "a1": 1, "a2": 1, "a3": 1, "a4": 1}
    shown = _suppress(counts, relations)
    assert recovered(shown, counts, relations) == {}
    assert shown["a1"] == NOT_SHOWN


def test_the_same_figure_reads_the_same_in_both_tables() -> None:
    figures = Figures()
    figures.count("register", 12)
    with pytest.raises(ValueError):
        figures.count("register", 13)


def test_a_share_only_with_both_counts_shown() -> None:
    figures = Figures()
    for key, n in {"seen": 3, "partly": 9, "rated": 12}.items():
        figures.count(key, n)
    figures.total("rated", ["seen", "partly"])
    shown = figures.suppress()
    assert shown["seen"] == FEWER_THAN_5
    assert shown.share("seen", "rated") is None
    assert shown.share("partly", "rated") is None or shown.is_shown("rated") is False
    assert figures.unsuppressed().share("seen", "rated") == 25


def test_anonymous_labels() -> None:
    assert [anonymous_label(i) for i in (0, 1, 25, 26)] == [
        "Learner A",
        "Learner B",
        "Learner Z",
        "Learner AA",
    ]


NAMES = name_variants(
    [
        PersonName("Kwame", "Mensah"),
        PersonName("Elizabeth", "Hall", preferred="Lily"),
        PersonName("Jo", "Stone"),
    ]
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Quiet, specific praise for Kwame", ["Kwame"]),
        ("kwame's answer was praised", ["Kwame"]),
        ("Praise for KWAME MENSAH at the door", ["Kwame Mensah"]),
        ("Lily and Mrs Hall worked together", ["Lily", "Hall"]),
        ("Elizabeth  Hall read aloud", ["Elizabeth Hall"]),
        ("Ms Stone modelled the first example", ["Stone"]),
        ("Jo stone read aloud", ["Jo Stone"]),
        # Everyday words that are also names pass in lower case...
        ("Pupils moved calmly to the hall; a stone-cold start", []),
        # ...and parts of other words never match.
        ("Kwameson and Halls and Lilyan", []),
        ("Instructions came one step at a time", []),
    ],
)
def test_names_in_text(text: str, found: list[str]) -> None:
    assert names_in_text(text, NAMES) == found


def _shown_of(figures: Figures) -> dict[str, str | None]:
    shown = figures.suppress()
    return {k: (None if k in figures.unpublished else shown[k]) for k in figures.counts}


def test_needs_assessments_in_the_governor_summary_give_no_small_count_away() -> None:
    """Requested = in progress + refused + plans issued + not issued; agreed = still
    assessed + both kinds of finished; in progress = waiting + assessed."""
    from outcomes.queries import NeedsAssessmentCounts
    from reports.sections.governor_parts import assessment_figures

    cases = 0
    for pending, assessing, refused, issued, not_issued in itertools.product(
        [0, 1, 3, 6], [0, 2, 5], [0, 1, 5], [0, 4, 7], [0, 1]
    ):
        na = NeedsAssessmentCounts(
            first=None,  # type: ignore[arg-type]
            last=None,  # type: ignore[arg-type]
            requested=pending + assessing + refused + issued + not_issued,
            agreed=assessing + issued + not_issued,
            refused=refused,
            plans_issued=issued,
            plans_not_issued=not_issued,
            in_progress=pending + assessing,
            past_deadline=min(pending, 1),
        )
        figures = assessment_figures(na)
        assert recovered(_shown_of(figures), figures.counts, figures.relations) == {}, na
        cases += 1
    assert cases == 216


def test_reviews_due_and_attendance_groups_give_no_small_count_away() -> None:
    """The governor summary's 'due = held + not held' rows and the attendance table's
    'SEND = K + E' for pupils, the persistently absent and the suspended."""
    for due_parts in itertools.product([0, 1, 3, 5, 9], repeat=2):
        figures = Figures()
        figures.count("done", due_parts[0])
        figures.count("owed", due_parts[1])
        figures.count("due", sum(due_parts))
        figures.total("due", ["done", "owed"])
        assert recovered(_shown_of(figures), figures.counts, figures.relations) == {}
    for k, e in itertools.product([0, 2, 4, 6, 30], repeat=2):
        figures = Figures()
        for measure in ("pupils", "absent", "suspended"):
            figures.count(f"{measure}:K", k)
            figures.count(f"{measure}:E", e)
            figures.count(f"{measure}:send", k + e)
            figures.total(f"{measure}:send", [f"{measure}:K", f"{measure}:E"])
        assert recovered(_shown_of(figures), figures.counts, figures.relations) == {}
