"""A small keyword map that sorts free-text strengths and points into themes.

Deliberately simple and visible: the whole-school picture and the walk
report count lines per theme; they never quote the lines themselves, so no
name written in a note can reach a summary.
"""

from __future__ import annotations

import re
from collections import Counter

# Theme -> word stems; a stem matches at the start of a word.
THEMES: dict[str, list[str]] = {
    "Scaffolding and modelling": [
        "scaffold",
        "model",
        "worked example",
        "sentence starter",
        "writing frame",
        "chunk",
        "step by step",
        "steps",
        "knowledge organiser",
    ],
    "Seating and grouping": ["seat", "sat ", "grouping", "group work", "pair", "partner"],
    "Questioning and checking understanding": [
        "question",
        "check",
        "whiteboard",
        "cold call",
        "hinge",
        "recap",
    ],
    "Working with teaching assistants": [
        "teaching assistant",
        "ta",
        "support staff",
        "additional adult",
    ],
    "Adapting tasks and resources": [
        "adapt",
        "differentiat",
        "resource",
        "overlay",
        "font",
        "visual",
        "printed",
        "handout",
        "extra time",
    ],
    "Relationships and routines": [
        "relationship",
        "praise",
        "calm",
        "routine",
        "warm",
        "greet",
        "behaviour",
        "expectation",
        "movement break",
    ],
    "Instructions and vocabulary": [
        "instruction",
        "vocabulary",
        "key word",
        "keyword",
        "word bank",
        "glossary",
        "language",
    ],
    "Using pupils' profiles": ["profile", "strateg", "what helps"],
}

_PATTERNS: dict[str, re.Pattern[str]] = {
    theme: re.compile(
        "|".join(
            r"\b" + re.escape(stem.strip()) + (r"\b" if len(stem) <= 3 else "") for stem in stems
        ),
        re.IGNORECASE,
    )
    for theme, stems in THEMES.items()
}


def themes_of(line: str) -> list[str]:
    return [theme for theme, pattern in _PATTERNS.items() if pattern.search(line)]


def count_themes(lines: list[str]) -> list[tuple[str, int]]:
    """How many lines touch each theme, most first (a line may touch several)."""
    counts: Counter[str] = Counter()
    for line in lines:
        counts.update(themes_of(line))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
