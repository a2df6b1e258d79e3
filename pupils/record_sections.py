"""Parts of a pupil's page that apps above pupils add (outcomes adds the pupil's
attendance, EHC needs assessments and meetings with parents).

Each source is a function ``(user, pupil) -> RecordSection | None``, registered
from its app's ``AppConfig.ready``; it reads only through its own app's
``access.py`` and answers None for someone who may not see it. The pupil page
asks the sources only for readers of the full record (SENDCo and SLT).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pupils.models import Pupil
    from schools.models import User


@dataclass(frozen=True)
class RecordSection:
    title: str
    template: str  # included with ``section`` (this object) in its context
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50

    @property
    def anchor(self) -> str:
        return "section-" + "".join(c if c.isalnum() else "-" for c in self.title.lower())


Source = Callable[["User", "Pupil"], RecordSection | None]
_SOURCES: list[Source] = []


def record_section_add(source: Source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def record_sections(user: User, pupil: Pupil) -> list[RecordSection]:
    found = [section for source in _SOURCES if (section := source(user, pupil)) is not None]
    return sorted(found, key=lambda section: section.order)
