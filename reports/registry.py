"""The documents sendit makes as PDFs, each declared once.

A document kind says what it is called, who may ask for it and who may read
it, which periods it covers, the template that lays it out, and the steps
that gather its content. The pipeline (reports.services, reports.tasks) runs
the steps in a worker, one progress step each, then renders the template
through reports.pdf. Nothing else about a document lives outside its module.

Declaring a kind (in a module of ``reports/documents/``, which the app loads
when it starts)::

    from reports.registry import BuildContext, DocumentKind, Step, register

    def questions(ctx: BuildContext) -> dict[str, object]:
        return {"questions": ...}   # figures from the apps' queries.py only

    register(DocumentKind(
        key="checklist",
        title="Line-manager checklist",
        summary="The half-term's questions, the evidence beside them, the answers.",
        request_roles=SEND_LEADERS,
        read_roles=SEND_LEADERS,
        periods=(HALF_TERM,),
        template="reports/pdf/checklist.html",   # extends reports/pdf/base.html
        steps=(Step("Questions and evidence", questions),),
    ))

Each step returns a dict merged into the template's context (later steps
may read earlier results in ``ctx.data``). The template gets those and
``doc`` (title, school, period, made, version, language). Text from people
is escaped by Django's templates as anywhere else; never mark it safe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reports.periods import HALF_TERM, TERM, Period
from schools.models import School, User


@dataclass
class BuildContext:
    """What a step knows: the school, the period, and the person the document
    is read as (its figures are scoped to them, as on their pages)."""

    school: School
    period: Period
    reader: User
    today: date
    document_id: int | None = None
    # For a document about one pupil (a subject access export): whose.
    pupil_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


StepFunction = Callable[[BuildContext], Mapping[str, Any]]
# Writes the finished file itself (instead of a PDF from the template); returns
# its page count, 0 where pages mean nothing (a zip).
FileWriter = Callable[[BuildContext, Path], int]


@dataclass(frozen=True)
class Step:
    label: str  # shown and announced while it runs: "The register in numbers"
    build: StepFunction


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str
    summary: str
    request_roles: tuple[str, ...]
    read_roles: tuple[str, ...]
    template: str
    steps: Sequence[Step]
    periods: tuple[str, ...] = (TERM, HALF_TERM)
    # Governors read it: no names, small counts suppressed over the whole document.
    anonymised: bool = False
    # For a scheduled or staff-less run: the roles whose view the figures take.
    reader_roles: tuple[str, ...] = ()
    order: int = 100
    # About one pupil rather than a period (asked for from the pupil's page,
    # never listed with the school's documents).
    about_pupil: bool = False
    # A file other than a PDF: the writer, its extension and type.
    write: FileWriter | None = None
    extension: str = "pdf"
    content_type: str = "application/pdf"

    @property
    def steps_total(self) -> int:
        return len(self.steps) + 1  # and the rendering

    def may_request(self, user: User) -> bool:
        return user.has_role(*self.request_roles)

    def may_read(self, user: User) -> bool:
        return user.has_role(*self.read_roles)


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise ValueError(f"document kind {kind.key!r} declared twice")
    _KINDS[kind.key] = kind
    return kind


def kind_for(key: str) -> DocumentKind | None:
    return _KINDS.get(key)


def all_kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.title))


def kinds_readable_by(user: User) -> list[DocumentKind]:
    return [kind for kind in all_kinds() if kind.may_read(user)]


def kinds_requestable_by(user: User) -> list[DocumentKind]:
    """The kinds the user may ask for on the documents page (not those about one pupil)."""
    return [kind for kind in all_kinds() if kind.may_request(user) and not kind.about_pupil]


def pupil_kinds() -> list[str]:
    return [kind.key for kind in all_kinds() if kind.about_pupil]
