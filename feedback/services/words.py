"""The school's own list of judgemental words, which the coach checks wording against."""

from __future__ import annotations

from feedback.coach import DEFAULT_JUDGEMENTAL_WORDS
from feedback.models import JudgementalWord
from schools.models import School


def judgemental_words_ensure_defaults(*, school: School) -> None:
    """Give a school the default list once; after that the list is the SENDCo's."""
    if not JudgementalWord.objects.filter(school=school).exists():
        JudgementalWord.objects.bulk_create(
            [
                JudgementalWord(school=school, word=word, suggestion=suggestion)
                for word, suggestion in DEFAULT_JUDGEMENTAL_WORDS
            ],
            ignore_conflicts=True,
        )


def school_words(*, school: School) -> list[tuple[str, str]]:
    judgemental_words_ensure_defaults(school=school)
    return list(
        JudgementalWord.objects.filter(school=school, is_active=True).values_list(
            "word", "suggestion"
        )
    )
