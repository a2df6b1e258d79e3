"""The rules that protect people in what sendit shows beyond a pupil's own teachers.

One place for them (DESIGN.md, "Access rules"; STYLE.md, "Rules that protect
people live in one place each"). Nothing here imports an app: callers pass
the figures and the names in.

Small counts
------------
A page that governors read computes all its figures first, records how they
add up (`Figures.total`), and passes them through `Figures.suppress` once:

- primary suppression: a count from 1 to 4 shows as "fewer than 5";
- complementary suppression: while any hidden count under 5 could still be
  worked out from what the page shows (a row and its total, two tables that
  add up to the same total, a figure that is computed but not shown, such as
  the pupils with no SEN when the page shows all pupils and those on the
  register), one more figure is withheld as "not shown", the smallest that
  helps, until nothing hidden can be recovered.

"Recovered" is checked the way a careful reader would: every shown figure is
known exactly, "fewer than 5" means 1 to 4, "not shown" means 0 or at least
5 (a reader knows it is not 1 to 4), a figure the page never shows may be
anything, and every relation must hold. A hidden small count is safe when at
least two values fit.

Zero is not sensitive by itself and shows as 0. A 0 can still give a hidden
count away (a row of zeros and a total), which the check above sees; nonzero
figures are withheld first and a 0 only when nothing else protects the cell.
If even hiding every related figure leaves a cell that can be pinned down by
the bounds alone (four areas of "fewer than 5" that add up to a total of
"fewer than 5" must all be 1), its small counts are shown as "not shown"
instead, which a reader cannot bound.

A figure that appears in two tables (the register total under the SEN status
and under the areas of need) is one key, so both tables show the same value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from string import ascii_uppercase

SMALL_COUNT_THRESHOLD = 5
FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown"

_PRIMARY = "primary"  # 1 to 4, shown as "fewer than 5"
_COMPLEMENTARY = "complementary"  # withheld to protect a small count
_WIDENED = "widened"  # a small count shown as "not shown" (see the module docstring)
_UNPUBLISHED = "unpublished"  # computed, never shown on the page


def is_small(n: int) -> bool:
    return 0 < n < SMALL_COUNT_THRESHOLD


# Small counts ----------------------------------------------------------------------


@dataclass
class Figures:
    """Every figure one page shows, and how they add up."""

    counts: dict[str, int] = field(default_factory=dict)
    unpublished: set[str] = field(default_factory=set)
    relations: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def count(self, key: str, n: int, *, shown: bool = True) -> str:
        """Record a figure; `shown=False` for one the page never shows but a reader
        could work out (pupils with no SEN, teachers not yet visited)."""
        if key in self.counts and self.counts[key] != n:
            raise ValueError(f"{key} recorded twice with different values")
        self.counts[key] = n
        if not shown:
            self.unpublished.add(key)
        return key

    def total(self, total: str, parts: Iterable[str]) -> None:
        """`total` is the sum of `parts` (all recorded with `count`)."""
        parts = tuple(parts)
        missing = [k for k in (total, *parts) if k not in self.counts]
        if missing:
            raise KeyError(f"not recorded: {missing}")
        self.relations.append((total, parts))

    def unsuppressed(self) -> Suppressed:
        """For readers who may see every count (SENDCo, SLT)."""
        return Suppressed(self.counts, {})

    def suppress(self) -> Suppressed:
        hidden: dict[str, str] = dict.fromkeys(self.unpublished, _UNPUBLISHED)
        for key, n in self.counts.items():
            if key not in hidden and is_small(n):
                hidden[key] = _PRIMARY
        audit = _Audit(self.counts, self.relations)
        while (leak := audit.first_leak(hidden)) is not None:
            choice = audit.complement_for(leak, hidden)
            if choice is not None:
                hidden[choice] = _COMPLEMENTARY
                continue
            widened = [k for k in audit.component(leak, hidden) if hidden.get(k) == _PRIMARY] or (
                [leak] if hidden[leak] == _PRIMARY else []
            )
            if not widened:
                break  # cannot happen: with everything hidden and widened no bound holds
            for key in widened:
                hidden[key] = _WIDENED
        return Suppressed(self.counts, hidden)


class Suppressed(Mapping[str, str]):
    """Display values of a page's figures after `Figures.suppress`."""

    def __init__(self, counts: Mapping[str, int], hidden: Mapping[str, str]) -> None:
        self._counts = dict(counts)
        self._hidden = dict(hidden)

    def __getitem__(self, key: str) -> str:
        kind = self._hidden.get(key)
        if kind == _PRIMARY:
            return FEWER_THAN_5
        if kind is not None:
            return NOT_SHOWN
        return str(self._counts[key])

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._counts if k not in self._hidden or self._hidden[k] != _UNPUBLISHED)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def is_shown(self, key: str) -> bool:
        return key not in self._hidden

    def value(self, key: str) -> int | None:
        """The count if it is shown, else None."""
        return self._counts[key] if self.is_shown(key) else None

    def share(self, part: str, whole: str) -> int | None:
        """A percentage, only when both counts are shown (a share of a shown total
        would otherwise give the hidden count away)."""
        n, total = self.value(part), self.value(whole)
        if n is None or not total:
            return None
        return round(100 * n / total)


_Domain = tuple[int, int, bool]  # low, high, and whether 1 to 4 is ruled out


class _Audit:
    """Can a hidden small count be worked out from the shown figures and relations?"""

    def __init__(self, counts: Mapping[str, int], relations: Sequence[tuple[str, tuple[str, ...]]]):
        self.counts = counts
        self.equations: list[dict[str, int]] = []
        for total, parts in relations:
            coefficients = {total: 1}
            for part in parts:
                coefficients[part] = coefficients.get(part, 0) - 1
            self.equations.append(coefficients)
        # Large enough to hold the true figures five times over: a bound the
        # reader cannot know, so capping at it only makes the check stricter.
        self.cap = 5 * max(sum(counts.values()), 1) + 10

    def _domain(self, kind: str) -> _Domain:
        if kind == _PRIMARY:
            return (1, SMALL_COUNT_THRESHOLD - 1, False)
        if kind == _COMPLEMENTARY:
            return (0, self.cap, True)
        return (0, self.cap, False)

    def component(self, key: str, hidden: Mapping[str, str]) -> set[str]:
        """Hidden figures tied to `key` through relations."""
        seen = {key}
        todo = [key]
        while todo:
            current = todo.pop()
            for eq in self.equations:
                if current in eq:
                    for other in eq:
                        if other in hidden and other not in seen:
                            seen.add(other)
                            todo.append(other)
        return seen

    def recoverable(self, key: str, hidden: Mapping[str, str]) -> bool:
        members = self.component(key, hidden)
        equations = []
        for eq in self.equations:
            if not members & eq.keys():
                continue
            constant = -sum(c * self.counts[k] for k, c in eq.items() if k not in hidden)
            equations.append(({k: c for k, c in eq.items() if k in hidden}, constant))
        domains = {k: self._domain(hidden[k]) for k in members}
        truth = self.counts[key]
        low, high, hole = domains[key]
        for narrowed in ((low, truth - 1, hole), (truth + 1, high, hole)):
            if narrowed[0] <= narrowed[1] and _feasible(equations, {**domains, key: narrowed}):
                return False
        return True

    def first_leak(self, hidden: Mapping[str, str]) -> str | None:
        for key in self.counts:
            if key in hidden and is_small(self.counts[key]) and self.recoverable(key, hidden):
                return key
        return None

    def complement_for(self, leak: str, hidden: Mapping[str, str]) -> str | None:
        """The shown figure to withhold next: the smallest that protects `leak`,
        else the smallest related one; nonzero figures before zeros."""
        members = self.component(leak, hidden)
        related = {k for eq in self.equations if members & eq.keys() for k in eq if k not in hidden}
        if not related:
            return None
        order = sorted(related, key=lambda k: (self.counts[k] == 0, self.counts[k], k))
        for key in order:
            if not self.recoverable(leak, {**hidden, key: _COMPLEMENTARY}):
                return key
        return order[0]


def _tighten(domain: _Domain, low: int, high: int) -> _Domain | None:
    lo, hi, hole = max(domain[0], low), min(domain[1], high), domain[2]
    if hole:
        if is_small(lo):
            lo = SMALL_COUNT_THRESHOLD
        if is_small(hi):
            hi = 0
    return (lo, hi, hole) if lo <= hi else None


def _propagate(
    equations: Sequence[tuple[dict[str, int], int]], domains: dict[str, _Domain]
) -> dict[str, _Domain] | None:
    domains = dict(domains)
    changed = True
    while changed:
        changed = False
        for coefficients, constant in equations:
            for key, c in coefficients.items():
                rest_min = rest_max = 0
                for other, d in coefficients.items():
                    if other == key:
                        continue
                    a, b = d * domains[other][0], d * domains[other][1]
                    rest_min += min(a, b)
                    rest_max += max(a, b)
                # c * x = constant - rest
                low, high = constant - rest_max, constant - rest_min
                if c < 0:
                    low, high = -high, -low
                    c = -c
                bound = _tighten(domains[key], -(-low // c), high // c)
                if bound is None:
                    return None
                if bound != domains[key]:
                    domains[key] = bound
                    changed = True
    return domains


def _feasible(equations: Sequence[tuple[dict[str, int], int]], domains: dict[str, _Domain]) -> bool:
    """Is there a whole-number value for every hidden figure that fits? (branch and bound)"""
    if any(not coefficients and constant != 0 for coefficients, constant in equations):
        return False
    stack = [domains]
    while stack:
        current = _propagate(equations, stack.pop())
        if current is None:
            continue
        open_keys = [k for k, (lo, hi, _) in current.items() if lo < hi]
        if not open_keys:
            return True
        key = min(open_keys, key=lambda k: current[k][1] - current[k][0])
        lo, hi, hole = current[key]
        middle = (lo + hi) // 2
        for part in ((middle + 1, hi, hole), (lo, middle, hole)):
            bound = _tighten(part, part[0], part[1])
            if bound is not None:
                stack.append({**current, key: bound})
    return False


# Anonymous labels ------------------------------------------------------------------


def anonymous_label(index: int) -> str:
    """ "Learner A", "Learner B"… for a pupil whose name the reader may not see."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return f"Learner {letters}"


# Names in shared text --------------------------------------------------------------

# Names that are also everyday words teachers write in a note ("the hall",
# "young people", "a sharp pencil"). On their own they count only when
# written with a capital letter, as a name is; as part of a full name they
# always count. Kept short on purpose: every word here is a name the check
# lets through in lower case.
EVERYDAY_WORDS = frozenset(
    {
        "bell",
        "bird",
        "booth",
        "brown",
        "cole",
        "cox",
        "dale",
        "faith",
        "fox",
        "grace",
        "gray",
        "green",
        "hall",
        "hope",
        "ivy",
        "lamb",
        "marsh",
        "mills",
        "moss",
        "price",
        "rose",
        "sharp",
        "stone",
        "ward",
        "white",
        "will",
        "wood",
        "young",
    }
)


@dataclass(frozen=True)
class PersonName:
    first: str
    last: str
    preferred: str = ""


def name_variants(people: Iterable[PersonName]) -> set[str]:
    """Every way a person may be written: first, preferred and last names, and full names."""
    out: set[str] = set()
    for person in people:
        firsts = {n.strip() for n in (person.first, person.preferred) if n and n.strip()}
        last = person.last.strip()
        out |= firsts
        if last:
            out.add(last)
            out |= {f"{first} {last}" for first in firsts}
    return {n for n in out if len(n) > 1}


def names_in_text(text: str, names: Iterable[str]) -> list[str]:
    """The names that occur in `text` as whole words, case-insensitively, in the
    order they first appear (a full name rather than its parts)."""
    wanted = sorted({" ".join(n.split()) for n in names if n.strip()}, key=len, reverse=True)
    if not wanted or not text:
        return []
    pattern = re.compile(
        r"(?<![\w'’-])("
        + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in wanted)
        + r")(?![\w-])",
        re.IGNORECASE,
    )
    found: list[str] = []
    seen: set[str] = set()
    for match in pattern.finditer(text):
        written = " ".join(match.group(1).split())
        lowered = written.lower()
        if lowered in EVERYDAY_WORDS and not written[0].isupper():
            continue
        if lowered in seen:
            continue
        seen.add(lowered)
        found.append(next(n for n in wanted if n.lower() == lowered))
    return found


def names_message(found: Sequence[str], instead: str = "") -> str:
    """What the person sharing is told: which names were found, and what to do."""
    quoted = ", ".join(f"\u201c{n}\u201d" for n in found)
    what = "a name" if len(found) == 1 else "names"
    return (
        f"This names {quoted}. It is shared beyond the pupils' own teachers, so it must "
        f"not carry {what}. " + (instead or f"Remove {quoted} and try again.")
    )
