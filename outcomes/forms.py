"""Forms of the outcomes: the attendance file, needs assessments, meetings with parents."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from outcomes.models import NeedsAssessment, ParentMeeting
from pupils.models import Pupil
from pupils.provision_forms import pupil_label
from sendit.lib.forms import DateInput, VersionField
from sendit.lib.versions import ConflictRow, conflict_rows


class AttendanceImportForm(forms.Form):
    period = forms.ChoiceField(
        label="The figures are for",
        help_text="The term the file's attendance covers, or the school year so far.",
    )
    file = forms.FileField(label="Attendance file (CSV)")

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = periods


def _not_future(day: date | None, what: str) -> None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")


class PupilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return pupil_label(obj)


class _Versioned(forms.ModelForm):
    version = VersionField(required=False)
    SAVED: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def saved_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.SAVED}

    def conflict_rows(self, saved: Any) -> list[ConflictRow]:
        def shown(name: str, value: Any) -> object:
            field = self.fields[name]
            choices = dict(getattr(field, "choices", []) or [])
            return choices.get(value, value) if choices else value

        return conflict_rows(
            (
                self.fields[name].label,
                shown(name, self.cleaned_data.get(name)),
                shown(name, getattr(saved, name)),
            )
            for name in self.SAVED
        )


class NeedsAssessmentForm(_Versioned):
    SAVED = ["requested_on", "requested_by", "outcome", "decision_on", "plan_on"]

    class Meta:
        model = NeedsAssessment
        fields = ["pupil", "requested_on", "requested_by", "outcome", "decision_on", "plan_on"]
        widgets = {
            "requested_on": DateInput(),
            "decision_on": DateInput(),
            "plan_on": DateInput(),
            "requested_by": forms.RadioSelect,
        }
        labels = {"outcome": "Where the request has got to"}
        help_texts = {
            "requested_on": "The local authority must decide whether to assess within 6 "
            "weeks of this date, and issue the final plan (or say it will not) within 20.",
            "decision_on": "Leave blank until the local authority has decided.",
            "plan_on": "Leave blank until the plan is issued or the local authority "
            "decides not to issue one.",
        }
        field_classes = {"pupil": PupilChoiceField}

    def __init__(self, *args: Any, pupils: QuerySet[Pupil] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if pupils is None:
            del self.fields["pupil"]
        else:
            field = self.fields["pupil"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = pupils.order_by("legal_last_name", "legal_first_name", "pk")
            field.empty_label = "Choose a pupil"

    def clean_requested_on(self) -> date:
        day = self.cleaned_data["requested_on"]
        _not_future(day, "The date requested")
        return day

    def clean_decision_on(self) -> date | None:
        day = self.cleaned_data["decision_on"]
        _not_future(day, "The date of the decision")
        return day

    def clean_plan_on(self) -> date | None:
        day = self.cleaned_data["plan_on"]
        _not_future(day, "The date of the final decision")
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        Outcome = NeedsAssessment.Outcome
        outcome = data.get("outcome")
        requested, decided, final = (
            data.get("requested_on"),
            data.get("decision_on"),
            data.get("plan_on"),
        )
        if outcome is None:
            return data
        if outcome == Outcome.PENDING and decided:
            self.add_error(
                "decision_on",
                "A decision date means the local authority has decided: choose whether "
                "it agreed or refused to assess, or leave the date blank.",
            )
        if outcome != Outcome.PENDING and not decided and "decision_on" not in self.errors:
            self.add_error("decision_on", "Enter the date the local authority decided.")
        if outcome in NeedsAssessment.FINAL_OUTCOMES and not final:
            self.add_error(
                "plan_on", "Enter the date the plan was issued or the decision not to issue one."
            )
        if outcome not in NeedsAssessment.FINAL_OUTCOMES and final:
            self.add_error(
                "plan_on",
                "Leave this blank until the plan is issued or the local authority decides "
                "not to issue one (then choose that outcome).",
            )
        if requested and decided and decided < requested:
            self.add_error("decision_on", "The decision cannot be before the request.")
        if decided and final and final < decided:
            self.add_error("plan_on", "The final decision cannot be before the decision to assess.")
        return data


class ParentMeetingForm(_Versioned):
    SAVED = ["held_on", "kind", "note"]

    class Meta:
        model = ParentMeeting
        fields = ["held_on", "kind", "note"]
        widgets = {"held_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"kind": "Kind of meeting", "note": "Note (optional)"}
        help_texts = {"note": "A few words on what was agreed, if useful."}

    def clean_held_on(self) -> date:
        day = self.cleaned_data["held_on"]
        _not_future(day, "The date held")
        return day
