"""The two long choices of planning (#10): the observers of a walk and the class
of a visit. Both are plain form controls that work without JavaScript (a list
of tick boxes in sections, a dropdown in groups); static/js/picker.js adds a
filter as the planner types. Nothing here looks anything up: the forms hand
in what walks.access gave them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField

from pupils.models import TeachingGroup
from schools.models import User
from walks.models import LearningWalk

# The sections of the observers list, by observer_candidates_for's ``usual``.
OBSERVER_SECTIONS = {
    0: "SENDCo and senior leaders",
    1: "Governors",
    2: "Other staff",
}


def _search_text(*parts: str) -> str:
    return " ".join(" ".join(part.split()) for part in parts if part).casefold()


# Observers --------------------------------------------------------------------------


class ObserverChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        roles = ", ".join(obj.role_labels)
        return f"{obj.display_name} ({roles})" if roles else obj.display_name


@dataclass
class ObserverOption:
    """One tick box of the observers list."""

    id: str
    value: str
    name: str
    label: str  # name and roles here
    department: str
    checked: bool
    search: str  # what the filter matches: name, roles, department


@dataclass
class ObserverSection:
    key: int
    title: str
    options: list[ObserverOption]


def observer_sections(field: BoundField) -> list[ObserverSection]:
    """The field's tick boxes in sections (the usual observers first), each with
    what the filter matches. The choices are read once, as the widget would."""
    sections: dict[int, ObserverSection] = {}
    for widget in field.subwidgets:
        person: User = widget.data["value"].instance
        usual = getattr(person, "usual", 2)
        section = sections.setdefault(
            usual, ObserverSection(usual, OBSERVER_SECTIONS.get(usual, "Other staff"), [])
        )
        section.options.append(
            ObserverOption(
                id=widget.id_for_label,
                value=str(widget.data["value"]),
                name=person.display_name,
                label=str(widget.choice_label),
                department=person.department,
                checked=bool(widget.data["selected"]),
                search=_search_text(
                    person.display_name, " ".join(person.role_labels), person.department
                ),
            )
        )
    return [sections[key] for key in sorted(sections)]


# The class of a visit -------------------------------------------------------------


class ClassSelect(forms.Select):
    """A dropdown of classes in groups; each option carries what the filter
    matches (code, subject, teacher, department), and classes already on the
    walk cannot be chosen again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search: dict[str, str] = {}
        self.taken: set[str] = set()

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = str(value)
        if key in self.search:
            option["attrs"]["data-search"] = self.search[key]
        if key in self.taken and not selected:
            option["attrs"]["disabled"] = True
        return option


class GroupChoiceField(forms.ModelChoiceField):
    """Classes labelled with their teacher and that teacher's observations this year."""

    widget = ClassSelect

    def __init__(self, *args: Any, counts: dict[int, int], limit: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts = counts
        self.limit = limit

    def label_from_instance(self, obj: TeachingGroup) -> str:
        teachers = list(obj.teachers.all())
        if not teachers:
            return f"{obj.code} {obj.subject}, no teacher"
        teacher = teachers[0]
        n = self.counts.get(teacher.pk, 0)
        return (
            f"{obj.code} {obj.subject}, {teacher.display_name} "
            f"({n} of {self.limit} observations this year)"
        )

    def group_by_walk(
        self,
        *,
        walk: LearningWalk,
        suggested: Iterable[TeachingGroup],
        taken: set[int],
    ) -> None:
        """Choices in three groups: the suggestions for this walk (which
        already respect its year groups and focus), the other classes of the
        walk's year groups, then every other class. A walk for the whole school
        has no second group. Validation still looks the class up in the
        field's queryset."""
        assert self.queryset is not None
        groups = sorted(self.queryset, key=lambda g: (g.year_group, g.code))
        by_pk = {group.pk: group for group in groups}
        first = [by_pk[g.pk] for g in suggested if g.pk in by_pk]
        firsts = {group.pk for group in first}
        years = set(walk.year_groups)
        in_years = [g for g in groups if g.year_group in years and g.pk not in firsts]
        others = [g for g in groups if g.year_group not in years and g.pk not in firsts]

        def entries(chosen: list[TeachingGroup]) -> list[tuple[int, str]]:
            return [(group.pk, self.label_from_instance(group)) for group in chosen]

        choices: list[Any] = [("", "Choose a class")]
        if first:
            choices.append(("Suggested for this walk", entries(first)))
        if in_years:
            choices.append(
                (f"The walk's year groups ({walk.year_groups_label})", entries(in_years))
            )
        if others:
            choices.append(
                ("Other classes" if first or in_years else "All classes", entries(others))
            )
        self.choices = choices
        widget = self.widget
        assert isinstance(widget, ClassSelect)
        widget.taken = {str(pk) for pk in taken}
        widget.search = {
            str(group.pk): _search_text(
                group.code,
                group.subject,
                f"year {group.year_group}",
                *(f"{t.display_name} {t.department}" for t in group.teachers.all()),
            )
            for group in groups
        }
