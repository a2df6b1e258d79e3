from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from pupils.models import TeachingGroup
from schools.access import school_for
from schools.models import User
from sendit.lib.forms import DateInput, VersionField
from walks.access import (
    focus_areas_for,
    focus_choices_for,
    observer_candidates_for,
    planned_visits_for,
    visit_classes_for,
    visit_teachers_for,
    walk_observers_for,
    walk_year_groups_for,
)
from walks.models import MAX_FOCUS_AREAS, MAX_VISIT_MINUTES, FocusArea, LearningWalk, Visit
from walks.pickers import GroupChoiceField, ObserverChoiceField, ObserverSection, observer_sections
from walks.services import external_observer_names, visit_clashes, visit_start

LONGEST_WALK_DAYS = 6  # a day, or a week from Monday to Friday (or Sunday)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["title", "prompt", "category", "is_priority"]
        labels = {"prompt": "Prompt question", "is_priority": "A current SEND priority"}
        widgets = {"prompt": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.school = school_for(user)

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        taken = focus_areas_for(self.user).filter(title__iexact=title)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("The library already has a focus area with this title.")
        return title


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class FocusChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: FocusArea) -> str:
        label = f"{obj.title}: {obj.prompt}"
        if obj.is_priority:
            label += " (current SEND priority)"
        if obj.is_retired:
            label += " (retired)"
        return label


class WalkForm(forms.ModelForm):
    focus_areas = FocusChoiceField(
        queryset=FocusArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Focus areas",
        help_text=f"Choose one to {MAX_FOCUS_AREAS}.",
        error_messages={"required": "Choose at least one focus area."},
    )
    year_groups = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Year groups",
        help_text="The years this walk looks at: planning suggests their classes. "
        "Leave them all unticked for a walk across the whole school.",
    )
    observers = ObserverChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Observers from the school",
        error_messages={"required": "Choose at least one observer from the school."},
    )
    # Only when editing: the version the planner opened (sendit/lib/versions.py).
    version = VersionField()

    class Meta:
        model = LearningWalk
        fields = [
            "title",
            "purpose",
            "starts_on",
            "ends_on",
            "year_groups",
            "focus_areas",
            "observers",
            "external_observers",
        ]
        labels = {
            "starts_on": "First day",
            "ends_on": "Last day",
            "external_observers": "Other professionals joining",
        }
        help_texts = {
            "ends_on": "Leave empty for a one-day walk; for a walk week, the last day of the week.",
            "external_observers": "Names separated by commas, e.g. an educational psychologist. "
            "They count towards the school's limit of observers.",
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = school_for(user)
        self.school = school
        self.instance.school = school
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self.fields["ends_on"].required = False
        self._choices("focus_areas").queryset = focus_choices_for(user, self.instance)
        self._choices("observers").queryset = observer_candidates_for(user)
        years = cast(forms.TypedMultipleChoiceField, self.fields["year_groups"])
        years.choices = [(year, f"Year {year}") for year in walk_year_groups_for(user)]
        self.fields["observers"].help_text = (
            f"The school allows at most {_count(school.max_observers, 'observer', 'observers')}"
            " on a walk, counting other professionals."
        )

    def _choices(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])

    def observer_sections(self) -> list[ObserverSection]:
        """The observers' tick boxes in sections, for templates/walks/walk_form_observers.html."""
        return observer_sections(self["observers"])

    def clean_year_groups(self) -> list[int]:
        return sorted(set(self.cleaned_data["year_groups"]))

    def clean_focus_areas(self) -> QuerySet[FocusArea]:
        areas = self.cleaned_data["focus_areas"]
        if len(areas) > MAX_FOCUS_AREAS:
            raise forms.ValidationError(
                f"Choose at most {MAX_FOCUS_AREAS} focus areas; you chose {len(areas)}."
            )
        return areas

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts_on: date | None = data.get("starts_on")
        ends_on: date | None = data.get("ends_on")
        if starts_on:
            if ends_on is None:
                data["ends_on"] = starts_on
                self.instance.ends_on = starts_on
            elif ends_on < starts_on:
                self.add_error("ends_on", "The last day cannot be before the first day.")
            elif ends_on - starts_on > timedelta(days=LONGEST_WALK_DAYS):
                self.add_error("ends_on", "A walk lasts one day or one week at most.")
        observers = data.get("observers")
        if observers is not None:
            external = external_observer_names(data.get("external_observers") or "")
            total = len(observers) + len(external)
            limit = self.school.max_observers
            if total > limit:
                self.add_error(
                    "observers",
                    f"The school allows at most {_count(limit, 'observer', 'observers')} on a "
                    f"walk; you chose {total}.",
                )
        return data


class VisitForm(forms.ModelForm):
    observers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one observer."},
    )
    teacher = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Teacher",
        help_text="Leave empty for the class's own teacher.",
    )
    day = forms.ChoiceField(label="Day")
    start_time = forms.TimeField(
        label="Start time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.IntegerField(
        label="Length in minutes",
        help_text=f"{MAX_VISIT_MINUTES} minutes at most.",
        error_messages={"required": "Enter how many minutes the visit lasts."},
    )

    class Meta:
        model = Visit
        fields = ["group", "teacher", "room", "observers", "minutes", "over_limit_reason"]
        labels = {
            "group": "Class",
            "over_limit_reason": "Reason for going beyond the yearly limit",
        }
        widgets = {"over_limit_reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        user: User,
        walk: LearningWalk,
        counts: dict[int, int],
        suggested: list[TeachingGroup] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.walk = walk
        self.instance.walk = walk
        self.counts = counts
        school = walk.school
        self.limit = school.yearly_observation_limit
        group = GroupChoiceField(
            queryset=visit_classes_for(user),
            counts=counts,
            limit=self.limit,
            label="Class",
            error_messages={"required": "Choose the class to visit."},
        )
        on_walk = planned_visits_for(user).filter(walk=walk).exclude(pk=self.instance.pk)
        group.group_by_walk(
            walk=walk,
            suggested=suggested or [],
            taken=set(on_walk.values_list("group_id", flat=True)),
        )
        group.help_text = (
            "Suggested classes first, then the rest of the walk's year groups, then the other "
            "classes. Each shows its teacher and their observations this school year."
            if walk.year_groups
            else "Suggested classes first, then all the others. Each shows its teacher and "
            "their observations this school year."
        )
        self.fields["group"] = group
        cast(PersonChoiceField, self.fields["teacher"]).queryset = visit_teachers_for(user)
        cast(forms.ModelChoiceField, self.fields["observers"]).queryset = walk_observers_for(
            user, walk
        )
        self.fields["observers"].help_text = (
            "From the walk's observers. At most "
            f"{_count(school.max_observers, 'observer', 'observers')} in a class at once."
        )
        cast(forms.ChoiceField, self.fields["day"]).choices = [
            (day.isoformat(), f"{day:%A} {day.day} {day:%B}") for day in walk.days
        ]
        self.fields[
            "over_limit_reason"
        ].help_text = (
            f"Needed only when the teacher has had {self.limit} observations this school year."
        )
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("day", local.date().isoformat())
            self.initial.setdefault("start_time", local.time().replace(second=0, microsecond=0))
        self.fields["minutes"].initial = self.instance.minutes
        self.order_fields(["group", "teacher", "room", "day", "start_time", "minutes", "observers"])

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if minutes > MAX_VISIT_MINUTES:
            raise forms.ValidationError(
                f"A visit can last at most {MAX_VISIT_MINUTES} minutes; you entered {minutes}."
            )
        if minutes < 1:
            raise forms.ValidationError("A visit lasts at least 1 minute.")
        return minutes

    def clean_observers(self) -> QuerySet[User]:
        observers = self.cleaned_data["observers"]
        limit = self.walk.school.max_observers
        if len(observers) > limit:
            raise forms.ValidationError(
                f"At most {_count(limit, 'observer', 'observers')} can go into a class at once; "
                f"you chose {len(observers)}."
            )
        return observers

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.walk.is_completed:
            raise forms.ValidationError("This walk is completed; its visits can no longer change.")
        group: TeachingGroup | None = data.get("group")
        if group is not None:
            on_walk = planned_visits_for(self.user).filter(walk=self.walk, group=group)
            if on_walk.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "group",
                    f"{group.code} is already on this walk: a class is visited once a walk.",
                )
            if data.get("teacher") is None:
                teachers = list(group.teachers.all())
                if teachers:
                    data["teacher"] = teachers[0]
                else:
                    self.add_error("teacher", f"{group.code} has no teacher: choose one.")
        day, at = data.get("day"), data.get("start_time")
        if day and at:
            self.instance.starts_at = visit_start(date.fromisoformat(day), at)
        observers = data.get("observers")
        minutes = data.get("minutes")
        if observers and minutes and day and at:
            clashes = visit_clashes(
                observers=list(observers),
                starts_at=self.instance.starts_at,
                minutes=minutes,
                exclude_pk=self.instance.pk,
            )
            for observer, visit in clashes.items():
                local = timezone.localtime(visit.starts_at)
                self.add_error(
                    "observers",
                    f"{observer.display_name} is already visiting {visit.group.code} from "
                    f"{local:%H:%M} to {timezone.localtime(visit.ends_at):%H:%M} on "
                    f"{local:%A} {local.day} {local:%B}, so cannot be in two places at once.",
                )
        teacher: User | None = data.get("teacher")
        if teacher is not None:
            done = self.counts.get(teacher.pk, 0)
            reason = (data.get("over_limit_reason") or "").strip()
            if done >= self.limit and not reason:
                self.add_error(
                    "over_limit_reason",
                    f"{teacher.display_name} already has "
                    f"{_count(done, 'observation', 'observations')} this school year, the "
                    f"school's limit of {self.limit}. Write why another visit is needed.",
                )
            elif done < self.limit:
                data["over_limit_reason"] = ""
        return data

    def over_limit_teacher(self) -> tuple[User, int] | None:
        """The chosen teacher and their count, when this visit would go beyond the limit."""
        teacher = self.cleaned_data.get("teacher") if hasattr(self, "cleaned_data") else None
        if teacher is None:
            return None
        done = self.counts.get(teacher.pk, 0)
        return (teacher, done) if done >= self.limit else None
