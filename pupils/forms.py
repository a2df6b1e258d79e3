"""Forms for the register, profiles and reviews."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from pupils.models import NEED_AREA, BroadArea, NeedType, ProfileTarget, SenStatus, TargetOutcome
from sendit.lib.forms import DateInput, VersionField


def _need_choices() -> list[tuple[str, str]]:
    return [("", "None")] + [
        (need.value, f"{need.label} ({need.value}): {BroadArea(NEED_AREA[need]).label}")
        for need in NeedType
    ]


class SenStatusForm(forms.Form):
    """The SENDCo sets the census status and the ranked needs."""

    sen_status = forms.ChoiceField(label="SEN status", choices=SenStatus.choices)
    primary_need = forms.ChoiceField(label="Primary need", choices=_need_choices, required=False)
    second_need = forms.ChoiceField(label="Second need", choices=_need_choices, required=False)
    third_need = forms.ChoiceField(label="Third need", choices=_need_choices, required=False)
    changed_on = forms.DateField(
        label="Date of the change",
        widget=DateInput(),
        help_text="Used in the history when the status changes.",
    )
    note = forms.CharField(
        label="Note for the history",
        max_length=300,
        required=False,
        help_text="For example: after assessment by the educational psychologist.",
    )

    NEED_FIELDS = ("primary_need", "second_need", "third_need")

    def clean_changed_on(self) -> date:
        day = self.cleaned_data["changed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of the change cannot be in the future.")
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        status = data.get("sen_status")
        needs = [data.get(name) for name in self.NEED_FIELDS]
        if status and status != SenStatus.NONE and not data.get("primary_need"):
            self.add_error("primary_need", "A pupil on the register needs a primary need.")
        seen: set[str] = set()
        for name, need in zip(self.NEED_FIELDS, needs, strict=True):
            if need and need in seen:
                self.add_error(name, "This need is already chosen above.")
            seen.add(need or "")
        return data

    @property
    def needs(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.NEED_FIELDS if self.cleaned_data[name]]


class ProfileForm(forms.Form):
    about_me = forms.CharField(
        label="About me",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In the pupil's own words where you can: what they want staff to know.",
    )
    strengths = forms.CharField(
        label="Strengths",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The version the editor started from; see PupilProfile.version.
    version = VersionField()


class LineForm(forms.Form):
    """One strategy or target line: blank text or "remove" takes it off the profile."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(max_length=300, required=False)  # Strategy.text


class TargetLineForm(LineForm):
    text = forms.CharField(max_length=400, required=False)  # ProfileTarget.text


# One blank line to start; "Add another" gives more (by script, or by a submit
# that comes back with one more blank line).
StrategyFormSet = forms.formset_factory(
    LineForm, extra=1, can_order=True, can_delete=True, max_num=30, validate_max=True
)
TargetFormSet = forms.formset_factory(
    TargetLineForm, extra=1, can_order=True, can_delete=True, max_num=15, validate_max=True
)


class ReviewForm(forms.Form):
    """A profile review: assess, plan, do, review, and how each active target went."""

    held_on = forms.DateField(label="Held on", widget=DateInput())
    assess = forms.CharField(
        label="Assess",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the pupil, family, staff and any assessments tell us now.",
    )
    plan = forms.CharField(
        label="Plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What we agreed to do next, and the targets for the coming term.",
    )
    do = forms.CharField(
        label="Do",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who provides what, how often, and where.",
    )
    review = forms.CharField(
        label="Review",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the last term's support went and what made the difference.",
    )
    next_review_on = forms.DateField(
        label="Next review",
        required=False,
        widget=DateInput(),
        help_text="About a term later. Left empty, it is set 13 weeks after the review.",
    )

    def __init__(self, *args: Any, targets: list[ProfileTarget], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        for target in targets:
            self.fields[f"target_{target.pk}"] = forms.ChoiceField(
                label=target.text,
                choices=TargetOutcome.Result.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Say whether this target was met, partly met or not met."
                },
            )

    def clean_held_on(self) -> date:
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("A review is recorded once it has been held.")
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        held_on, next_on = data.get("held_on"), data.get("next_review_on")
        if held_on and next_on and next_on <= held_on:
            self.add_error("next_review_on", "The next review must come after this one.")
        if not any(data.get(name) for name in ("assess", "plan", "do", "review")):
            raise forms.ValidationError("Write at least one of assess, plan, do or review.")
        return data

    @property
    def target_fields(self) -> list[forms.BoundField]:
        return [self[f"target_{target.pk}"] for target in self.targets]

    @property
    def outcomes(self) -> dict[int, str]:
        return {target.pk: self.cleaned_data[f"target_{target.pk}"] for target in self.targets}
