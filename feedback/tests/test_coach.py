from __future__ import annotations

from datetime import date

from feedback.coach import DEFAULT_JUDGEMENTAL_WORDS, coach_draft, find_judgemental_words

TODAY = date(2026, 11, 20)
GOOD = {
    "strengths": "Warm welcome at the door\nClear modelling of the first question\nTA briefed",
    "points": "Check understanding before pupils start\nShare the task checklist",
    "next_step": "Try one hinge question before independent work",
    "provision": "time",
    "provide_by": date(2026, 12, 4),
    "words": DEFAULT_JUDGEMENTAL_WORDS,
    "today": TODAY,
}


def failing(result) -> set[str]:
    return {check.key for check in result.checks if not check.passed}


def test_a_good_draft_passes() -> None:
    result = coach_draft(**GOOD)
    assert result.passed
    assert result.problems == []


def test_three_points_to_work_on_are_flagged() -> None:
    result = coach_draft(**{**GOOD, "points": "One\nTwo\nThree"})
    assert "at_most_two_points" in failing(result)
    # Three strengths and three points: not more strengths than points either.
    assert "more_strengths" in failing(result)
    assert not result.passed


def test_strengths_must_outnumber_points() -> None:
    result = coach_draft(**{**GOOD, "strengths": "Warm welcome\nClear modelling"})
    assert failing(result) == {"more_strengths"}
    assert failing(coach_draft(**{**GOOD, "strengths": ""})) == {"more_strengths"}


def test_exactly_one_next_step_with_provision_and_date() -> None:
    assert failing(coach_draft(**{**GOOD, "next_step": ""})) == {"one_next_step"}
    assert failing(coach_draft(**{**GOOD, "next_step": "Do this\nAnd that"})) == {"one_next_step"}
    assert failing(coach_draft(**{**GOOD, "provision": ""})) == {"provision_named"}
    assert failing(coach_draft(**{**GOOD, "provide_by": None})) == {"provide_by"}
    assert failing(coach_draft(**{**GOOD, "provide_by": date(2026, 11, 1)})) == {"provide_by"}


def test_judgemental_words_are_flagged_as_whole_words_and_phrases() -> None:
    result = coach_draft(**{**GOOD, "points": "The plenary was Poor\nYou should  have checked"})
    assert [flag.word for flag in result.flagged] == ["poor", "should have"]
    assert not result.passed
    assert any("poor" in problem for problem in result.problems)


def test_words_inside_other_words_are_not_flagged() -> None:
    words = [("must", ""), ("weak", "")]
    assert find_judgemental_words("Mustard seeds and tweaks", words) == []
    assert [f.word for f in find_judgemental_words("You must", words)] == ["must"]


def test_the_school_list_is_used() -> None:
    result = coach_draft(**{**GOOD, "strengths": GOOD["strengths"] + "\nSuperb", "words": []})
    assert result.flagged == []
    result = coach_draft(**{**GOOD, "words": [("warm", "Try another word")]})
    assert [(f.word, f.suggestion) for f in result.flagged] == [("warm", "Try another word")]
