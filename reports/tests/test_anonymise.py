from __future__ import annotations

from reports.anonymise import small_count, suppressed_counts


def test_small_counts_are_fewer_than_5_and_zero_stays_zero() -> None:
    assert [small_count(n) for n in (0, 1, 4, 5, 12)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "12",
    ]


def test_a_lone_hidden_count_takes_the_next_smallest_with_it() -> None:
    shown = suppressed_counts({"a": 6, "b": 5, "c": 5, "d": 1})
    assert shown["d"] == "fewer than 5"
    assert list(shown.values()).count("not shown") == 1
    assert shown["a"] == "6"  # the smallest other count is the one withheld


def test_two_hidden_counts_need_nothing_more() -> None:
    assert suppressed_counts({"a": 20, "b": 2, "c": 3}) == {
        "a": "20",
        "b": "fewer than 5",
        "c": "fewer than 5",
    }


def test_nothing_hidden_when_every_count_is_large_or_zero() -> None:
    assert suppressed_counts({"a": 20, "b": 0, "c": 7}) == {"a": "20", "b": "0", "c": "7"}
