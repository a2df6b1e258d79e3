"""The feedback coach: checks a draft note to a teacher before it is released.

Pure functions over plain values, so the same checks run on the draft page,
on release and in tests without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

MAX_POINTS = 2

# The school's list starts with these (word, a kinder way to say it); the
# SENDCo edits the list on the coach settings page.
DEFAULT_JUDGEMENTAL_WORDS: list[tuple[str, str]] = [
    ("poor", "Describe what you saw and what would help instead."),
    ("weak", "Name the part that could develop, and how."),
    ("failed", "Say what did not happen yet, and what could come next."),
    ("lazy", "Describe the behaviour you saw, not the person."),
    ("should have", 'Try "next time, you could…".'),
    ("unacceptable", "Say what the expectation is and how to get there."),
    ("disappointing", "Say what you hoped to see and why it matters."),
    ("inadequate", "Leave grading words out: this is not a judgement of the teacher."),
    ("must", 'Invite rather than instruct: "it could help to…".'),
    ("obviously", "Leave it out: what is obvious to one person is not to another."),
]

# Shown beside the capture form: the raw record goes to the teacher too.
RECORD_REMINDER = (
    "The teacher will read this record as you write it: the evidence notes, "
    "the strengths and the even-better-ifs. Describe what you saw and heard, "
    "not the person."
)
WORDING_NEEDS_REASON = (
    "Some wording may read as a judgement ({words}). Change it, or write why it "
    "should stay before you complete the record."
)

CONVERSATION_REMINDER = (
    "This note records a conversation you have with the teacher; it does not "
    "replace it. Talk it through first, then release the note."
)


@dataclass(frozen=True)
class Check:
    key: str
    passed: bool
    message: str


@dataclass(frozen=True)
class FlaggedWord:
    word: str
    suggestion: str


@dataclass
class CoachResult:
    checks: list[Check] = field(default_factory=list)
    flagged: list[FlaggedWord] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks) and not self.flagged

    @property
    def problems(self) -> list[str]:
        messages = [check.message for check in self.checks if not check.passed]
        messages += [f"\u201c{flag.word}\u201d may read as a judgement" for flag in self.flagged]
        return messages


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def find_judgemental_words(text: str, words: list[tuple[str, str]]) -> list[FlaggedWord]:
    """Whole words or phrases from the list found in the text, each once, in list order."""
    found = []
    for word, suggestion in words:
        word = word.strip()
        if not word:
            continue
        # Whole words only ("must" is not in "mustard"); spaces in a phrase
        # match any run of whitespace.
        pattern = r"\b" + r"\s+".join(re.escape(part) for part in word.split()) + r"\b"
        if re.search(pattern, text or "", flags=re.IGNORECASE):
            found.append(FlaggedWord(word=word, suggestion=suggestion))
    return found


def coach_draft(
    *,
    strengths: str,
    points: str,
    next_step: str,
    provision: str,
    provide_by: date | None,
    words: list[tuple[str, str]],
    today: date | None = None,
) -> CoachResult:
    strength_lines = lines(strengths)
    point_lines = lines(points)
    step_lines = lines(next_step)
    checks = [
        Check(
            "more_strengths",
            bool(strength_lines) and len(strength_lines) > len(point_lines),
            "Give more strengths than points to work on "
            f"(now {len(strength_lines)} strengths and {len(point_lines)} points).",
        ),
        Check(
            "at_most_two_points",
            len(point_lines) <= MAX_POINTS,
            f"Keep to at most {MAX_POINTS} points to work on (now {len(point_lines)}).",
        ),
        Check(
            "one_next_step",
            len(step_lines) == 1,
            "Write exactly one supportive next step, on one line."
            if step_lines
            else "Write one supportive next step.",
        ),
        Check(
            "provision_named",
            bool(provision),
            "Say what you will provide: time, knowledge, information, skill or confidence.",
        ),
        Check(
            "provide_by",
            provide_by is not None and (today is None or provide_by >= today),
            "Say by when you will provide it (a date from today on).",
        ),
    ]
    text = "\n".join([strengths or "", points or "", next_step or ""])
    return CoachResult(checks=checks, flagged=find_judgemental_words(text, words))


def is_read_by_teacher(name: str) -> bool:
    """Capture fields the teacher reads in the released record (not the observer's own notes)."""
    return name in ("strengths", "even_better_if") or bool(re.fullmatch(r"focus-\d+-note", name))


def wording_flags(
    values: dict[str, str], words: list[tuple[str, str]]
) -> dict[str, list[FlaggedWord]]:
    """Judgemental words in each capture field the teacher reads, keyed by field name.

    The same list and the same matching as the draft coach, so what the
    observer is warned about while typing is what completing checks.
    """
    flags = {}
    for name, text in values.items():
        if is_read_by_teacher(name) and (found := find_judgemental_words(text or "", words)):
            flags[name] = found
    return flags


def flagged_words(flags: dict[str, list[FlaggedWord]]) -> list[str]:
    """Each flagged word once, in the order first met."""
    seen: list[str] = []
    for found in flags.values():
        for flag in found:
            if flag.word not in seen:
                seen.append(flag.word)
    return seen
