"""The school admin's form for a year's term dates: six half-terms and the
non-teaching days inside them. The rules are checked here, each message next
to the field it is about (and in the page's error summary)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms

from schools.models import HalfTermName, NonTeachingDay
from sendit.lib.dates import school_year_dates, school_year_label
from sendit.lib.forms import DateInput, VersionField

DATE_HELP = "For example 3 September 2026."


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}.",
            "invalid": "Enter a real date, such as 3 September 2026.",
        },
    )


class TermDatesForm(forms.Form):
    """First and last day of each half-term, Autumn 1 to Summer 2, in one
    school year (1 August to 31 July)."""

    version = VersionField()

    def __init__(self, *args: Any, start_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_year = start_year
        for value, label in HalfTermName.choices:
            self.fields[f"{value}_start"] = _date_field(f"First day of {label}")
            self.fields[f"{value}_end"] = _date_field(f"Last day of {label}")

    def half_term_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, first-day field, last-day field) for each half-term, for the template."""
        return [
            (label, self[f"{value}_start"], self[f"{value}_end"])
            for value, label in HalfTermName.choices
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first_day, last_day = school_year_dates(self.start_year)
        year = school_year_label(self.start_year)
        before: tuple[str, date] | None = None  # the latest half-term end so far
        for value, label in HalfTermName.choices:
            start, end = data.get(f"{value}_start"), data.get(f"{value}_end")
            if start is not None and not first_day <= start <= last_day:
                self.add_error(
                    f"{value}_start",
                    f"{label} must start inside the school year {year}, "
                    f"from {long_date(first_day)} to {long_date(last_day)}.",
                )
                start = None
            if end is not None and not first_day <= end <= last_day:
                self.add_error(
                    f"{value}_end",
                    f"{label} must end inside the school year {year}, by {long_date(last_day)}.",
                )
                end = None
            if start is not None and end is not None and end < start:
                self.add_error(
                    f"{value}_end",
                    f"The last day of {label} cannot be before its first day ({long_date(start)}).",
                )
                end = None
            if start is not None and before is not None and start <= before[1]:
                self.add_error(
                    f"{value}_start",
                    f"{label} must start after {before[0]} ends ({long_date(before[1])}): "
                    "half-terms come in order and do not overlap.",
                )
            latest = end or start
            if latest is not None and (before is None or latest > before[1]):
                before = (label, latest)
        return data

    def half_terms(self) -> dict[str, tuple[date, date]]:
        """The cleaned dates, by stored name ("autumn_1"); only when valid."""
        return {
            value: (self.cleaned_data[f"{value}_start"], self.cleaned_data[f"{value}_end"])
            for value in HalfTermName.values
        }


class NonTeachingDayForm(forms.Form):
    day = _date_field("Date")
    kind = forms.ChoiceField(
        choices=NonTeachingDay.Kind.choices, initial=NonTeachingDay.Kind.INSET, label="Kind"
    )
    name = forms.CharField(
        max_length=100,
        label="What it is",
        help_text="For example: Staff training, Polling station.",
        error_messages={"required": "Say what the day is, for example Staff training."},
    )


def _removed(form: forms.Form) -> bool:
    """Ticked "Remove this day" (read once the row is cleaned)."""
    return bool(getattr(form, "cleaned_data", {}).get("DELETE", False))


class BaseNonTeachingDayFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this day"

    def rows(self) -> list[forms.Form]:
        """The rows kept: filled in and not marked for removal."""
        return [
            form
            for form in self.forms
            if form.has_changed() and form.is_valid() and not _removed(form)
        ]

    def entries(self) -> list[tuple[date, str, str]]:
        return sorted(
            (form.cleaned_data["day"], form.cleaned_data["kind"], form.cleaned_data["name"].strip())
            for form in self.rows()
        )

    def check_against(self, half_terms: dict[str, tuple[date, date]], start_year: int) -> None:
        """Each day falls on a weekday inside a half-term, once."""
        seen: dict[date, int] = {}
        year = school_year_label(start_year)
        for number, form in enumerate(self.forms, start=1):
            if not form.has_changed() or not form.is_valid() or _removed(form):
                continue
            day = form.cleaned_data["day"]
            if day.weekday() >= 5:
                form.add_error(
                    "day", f"{long_date(day)} is a {day:%A}: weekends are never term days."
                )
            elif not any(start <= day <= end for start, end in half_terms.values()):
                form.add_error(
                    "day",
                    f"{long_date(day)} is not inside a half-term of {year}: only days in term "
                    "need entering.",
                )
            elif day in seen:
                form.add_error("day", f"{long_date(day)} is already entered (row {seen[day]}).")
            seen.setdefault(day, number)


NonTeachingDayFormSet = cast(
    "type[BaseNonTeachingDayFormSet]",
    forms.formset_factory(
        NonTeachingDayForm, formset=BaseNonTeachingDayFormSet, extra=3, can_delete=True
    ),
)
