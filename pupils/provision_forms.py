"""Forms for the provision map, assessments, access arrangements, EHC plans,
concerns and the MIS import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from pupils.models import (
    AccessArrangement,
    Assessment,
    Concern,
    CostBasis,
    DeliveryRole,
    EhcPlan,
    Intervention,
    InterventionPlace,
    NeedType,
    ProgressRule,
    Pupil,
)
from pupils.services import intervention_needs_set
from schools.models import User
from sendit.lib.forms import DateInput, MoneyField, VersionField
from sendit.lib.versions import ConflictRow, conflict_rows


def pupil_label(pupil: Pupil) -> str:
    return f"{pupil.legal_last_name}, {pupil.first_name} ({pupil.form or f'Y{pupil.year_group}'})"


class PupilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Pupil) -> str:
        return pupil_label(obj)


class PupilMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Pupil) -> str:
        return pupil_label(obj)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


def _not_in_future(day: date | None, what: str) -> None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")


# Provision map ------------------------------------------------------------------


class InterventionForm(forms.ModelForm):
    """An intervention's details, delivery, cost and expected-progress rule."""

    lead = StaffChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Member of staff who delivers it",
        help_text="Or name an external provider below.",
    )
    needs = forms.MultipleChoiceField(
        label="Needs it serves",
        choices=NeedType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Optional: the types of need the intervention is meant for.",
    )
    cost_per_session = MoneyField(
        label="Cost per session (£)",
        required=False,
        help_text="For a set cost per session: what one session costs.",
    )
    extra_cost = MoneyField(
        label="Extra cost (£)",
        required=False,
        max_digits=9,
        help_text="Resources, materials, an external provider's fees: the whole amount, "
        "counted once the intervention starts. Leave blank for none.",
    )
    progress_gain = forms.DecimalField(
        label="Gain that counts as expected progress",
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="In the measure's unit, for the rule 'a gain of at least a set amount'.",
        error_messages={
            "invalid": "Enter the gain as a number, such as 6 or 2.5.",
            "min_value": "Enter a gain of 0 or more.",
            "max_decimal_places": "Enter the gain with at most 1 decimal place.",
            "max_digits": "Enter a gain under 100,000.",
            "max_whole_digits": "Enter a gain under 100,000.",
        },
    )
    version = VersionField(required=False)

    class Meta:
        model = Intervention
        fields = [
            "name",
            "area",
            "wave",
            "needs",
            "lead",
            "provider",
            "starts_on",
            "ends_on",
            "sessions_per_week",
            "minutes_per_session",
            "one_to_one",
            "cost_basis",
            "rate_role",
            "cost_per_session",
            "extra_cost",
            "extra_cost_note",
            "measure",
            "measure_unit",
            "progress_rule",
            "progress_gain",
        ]
        labels = {
            "starts_on": "Start date",
            "ends_on": "End date",
            "provider": "External provider",
            "one_to_one": "One to one: each pupil has their own sessions",
            "cost_basis": "How it is costed",
            "rate_role": "Paid at the hourly rate of",
            "measure": "Measured by",
            "measure_unit": "Unit of the measure",
            "progress_rule": "Expected progress",
        }
        help_texts = {
            "provider": "The organisation or person from outside the school, if they deliver it.",
            "one_to_one": "Staff time and session costs then count for every pupil.",
            "rate_role": "The school's hourly rates by role are on the staff rates page.",
            "measure": "What entry and exit are measured by, e.g. reading age.",
            "measure_unit": "e.g. months, points, words per minute.",
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "wave": forms.RadioSelect,
            "cost_basis": forms.RadioSelect,
            "progress_rule": forms.RadioSelect,
        }

    # Fields that a save with a version check writes (needs are saved after them).
    SAVED = [name for name in Meta.fields if name != "needs"]

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = staff
        self.fields["sessions_per_week"].widget.attrs.update(min=1, max=15)
        self.fields["minutes_per_session"].widget.attrs.update(min=5, max=240)
        rate_role = cast(forms.ChoiceField, self.fields["rate_role"])
        rate_role.choices = [("", "Choose a role"), *DeliveryRole.choices]
        rule = cast(forms.ChoiceField, self.fields["progress_rule"])
        rule.choices = ProgressRule.choices
        self.fields["progress_rule"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["needs"] = [need.need for need in self.instance.needs.all()]
            self.initial["version"] = self.instance.version

    def clean_sessions_per_week(self) -> int:
        value = self.cleaned_data["sessions_per_week"]
        if not 1 <= value <= 15:
            raise forms.ValidationError("Enter between 1 and 15 sessions a week.")
        return value

    def clean_minutes_per_session(self) -> int:
        value = self.cleaned_data["minutes_per_session"]
        if not 5 <= value <= 240:
            raise forms.ValidationError("Enter between 5 and 240 minutes a session.")
        return value

    def clean_extra_cost(self) -> Decimal:
        return self.cleaned_data["extra_cost"] or Decimal("0.00")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        self._clean_deliverer(data)
        self._clean_cost(data)
        self._clean_rule(data)
        return data

    def _clean_deliverer(self, data: dict[str, Any]) -> None:
        if self.has_error("lead"):
            return
        lead, provider = data.get("lead"), data.get("provider")
        if lead and provider:
            self.add_error(
                "provider", "Choose a member of staff or name an external provider, not both."
            )
        elif not lead and not provider:
            self.add_error(
                "lead", "Choose the member of staff who delivers it, or name the external provider."
            )

    def _clean_cost(self, data: dict[str, Any]) -> None:
        basis = data.get("cost_basis")
        if basis == CostBasis.HOURLY:
            if not data.get("rate_role"):
                self.add_error("rate_role", "Choose the role whose hourly rate pays for it.")
            data["cost_per_session"] = None
        elif basis == CostBasis.SESSION:
            if data.get("cost_per_session") is None and not self.has_error("cost_per_session"):
                self.add_error("cost_per_session", "Enter what one session costs (0 if nothing).")
            data["rate_role"] = ""

    def _clean_rule(self, data: dict[str, Any]) -> None:
        rule = data.get("progress_rule")
        if rule and not data.get("measure"):
            self.add_error("measure", "Say what entry and exit are measured by, for the rule.")
        if rule == ProgressRule.GAIN:
            if data.get("progress_gain") is None and not self.has_error("progress_gain"):
                self.add_error("progress_gain", "Enter the gain that counts as expected progress.")
        else:
            data["progress_gain"] = None
        if rule == ProgressRule.MONTHS and "month" not in data.get("measure_unit", "").lower():
            self.add_error(
                "measure_unit",
                "This rule counts months: give the unit as months (a reading age in months).",
            )

    def save(self, commit: bool = True) -> Intervention:
        intervention = super().save(commit)
        if commit:
            intervention_needs_set(intervention=intervention, needs=self.cleaned_data["needs"])
        return intervention

    def saved_values(self) -> dict[str, Any]:
        """The details as a save writes them (the instance the valid form built)."""
        return {name: getattr(self.instance, name) for name in self.SAVED}

    def conflict_rows(self, saved: Intervention) -> list[ConflictRow]:
        """Each detail that differs between what was typed and what is saved, as text."""
        mine = self.instance

        def shown(intervention: Intervention, name: str) -> object:
            if name == "lead":
                return intervention.lead.display_name if intervention.lead else ""
            display = getattr(intervention, f"get_{name}_display", None)
            return display() if display else getattr(intervention, name)

        saved_needs = ", ".join(sorted(need.need for need in saved.needs.all()))
        return conflict_rows(
            [
                (self.fields[name].label, shown(mine, name), shown(saved, name))
                for name in self.SAVED
            ]
            + [
                (
                    self.fields["needs"].label,
                    ", ".join(sorted(self.cleaned_data["needs"])),
                    saved_needs,
                )
            ]
        )


class StaffRatesForm(forms.Form):
    """The school's hourly rate of each role that delivers provision."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in DeliveryRole:
            self.fields[role.value] = MoneyField(
                label=f"{role.label}: £ an hour",
                required=False,
                max_digits=7,
                help_text="Pay and on-costs of an hour. Leave blank if not known yet.",
            )

    @property
    def rates(self) -> dict[str, Decimal | None]:
        return {role.value: self.cleaned_data.get(role.value) for role in DeliveryRole}


class AddPupilsForm(forms.Form):
    pupils = PupilMultipleChoiceField(
        queryset=Pupil.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Pupils to add",
        error_messages={"required": "Choose at least one pupil to add."},
    )

    def __init__(self, *args: Any, pupils: QuerySet[Pupil], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["pupils"]).queryset = pupils


class PlaceMeasureForm(forms.ModelForm):
    """One pupil's entry and exit measure and outcome; labels name the pupil so
    that every field of the shared form is told apart by a screen reader."""

    class Meta:
        model = InterventionPlace
        fields = ["entry_measure", "exit_measure", "outcome"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pupil_id is None:  # a forged extra form: never saved (edit_only)
            return
        name = self.instance.pupil.full_name
        self.fields["entry_measure"].label = f"Entry measure for {name}"
        self.fields["exit_measure"].label = f"Exit measure for {name}"
        self.fields["outcome"].label = f"Outcome for {name}"


# edit_only: pupils are added on their own page, never by a forged extra form here.
PlaceMeasureFormSet = forms.modelformset_factory(
    InterventionPlace, form=PlaceMeasureForm, extra=0, can_delete=False, edit_only=True
)


# Assessments ---------------------------------------------------------------------


class AssessmentForm(forms.ModelForm):
    reading_age_years = forms.IntegerField(
        label="Reading age: years",
        required=False,
        min_value=3,
        max_value=25,
        help_text="Leave blank if the test gives no reading age.",
    )
    reading_age_extra_months = forms.IntegerField(
        label="Reading age: months",
        required=False,
        min_value=0,
        max_value=11,
        help_text="0 to 11, added to the years.",
    )

    class Meta:
        model = Assessment
        fields = ["name", "taken_on", "standardised_score"]
        labels = {"name": "Test name", "taken_on": "Date taken"}
        widgets = {"taken_on": DateInput()}
        help_texts = {"standardised_score": "Usually between 70 and 140; 100 is average."}

    def __init__(self, *args: Any, pupil: Pupil, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        months = self.instance.reading_age_months
        if months is not None and not self.is_bound:
            self.initial["reading_age_years"], self.initial["reading_age_extra_months"] = divmod(
                months, 12
            )

    def clean_taken_on(self) -> date:
        day = self.cleaned_data["taken_on"]
        _not_in_future(day, "The test date")
        if day < self.pupil.date_of_birth:
            raise forms.ValidationError("The test date is before the pupil's date of birth.")
        return day

    def clean_standardised_score(self) -> int | None:
        score = self.cleaned_data["standardised_score"]
        if score is not None and not 40 <= score <= 160:
            raise forms.ValidationError("A standardised score is between 40 and 160.")
        return score

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        years = data.get("reading_age_years")
        months = data.get("reading_age_extra_months")
        if years is None and months not in (None, 0):
            self.add_error("reading_age_years", "Enter the years of the reading age too.")
        if (
            years is None
            and data.get("standardised_score") is None
            and not self.has_error("reading_age_years")
        ):
            raise forms.ValidationError("Enter a standardised score, a reading age, or both.")
        return data

    def save(self, commit: bool = True) -> Assessment:
        years = self.cleaned_data.get("reading_age_years")
        months = self.cleaned_data.get("reading_age_extra_months") or 0
        self.instance.reading_age_months = None if years is None else years * 12 + months
        self.instance.pupil = self.pupil
        return super().save(commit)


# Access arrangements ----------------------------------------------------------------


class ArrangementForm(forms.ModelForm):
    EXTRA_TIME_CHOICES = [("25", "25%"), ("50", "50%"), ("other", "Another percentage")]

    extra_time = forms.ChoiceField(
        label="Extra time",
        choices=EXTRA_TIME_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only for extra time.",
    )
    extra_time_other = forms.IntegerField(
        label="Other percentage of extra time",
        required=False,
        min_value=1,
        max_value=100,
    )

    class Meta:
        model = AccessArrangement
        fields = [
            "kind",
            "extra_time",
            "extra_time_other",
            "details",
            "assessed_on",
            "assessor",
            "form_completed",
            "valid_until",
        ]
        labels = {
            "kind": "Arrangement",
            "assessed_on": "Date of the assessment",
            "form_completed": "The evidence form is complete",
        }
        widgets = {"assessed_on": DateInput(), "valid_until": DateInput()}
        help_texts = {
            "form_completed": "Tick when the JCQ evidence form is filled in and signed.",
            "valid_until": "Usually the end of the course the assessment was made for.",
        }

    def __init__(self, *args: Any, pupil: Pupil, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        percent = self.instance.extra_time_percent
        if percent and not self.is_bound:
            if percent in (25, 50):
                self.initial["extra_time"] = str(percent)
            else:
                self.initial["extra_time"] = "other"
                self.initial["extra_time_other"] = percent

    def clean_assessed_on(self) -> date | None:
        day = self.cleaned_data["assessed_on"]
        _not_in_future(day, "The assessment date")
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        choice = data.get("extra_time")
        if kind == AccessArrangement.Kind.EXTRA_TIME:
            if not choice:
                self.add_error("extra_time", "Choose how much extra time: 25%, 50% or another.")
            elif (
                choice == "other"
                and not data.get("extra_time_other")
                and not self.has_error("extra_time_other")
            ):
                self.add_error("extra_time_other", "Enter the percentage of extra time.")
        if kind == AccessArrangement.Kind.OTHER and not data.get("details"):
            self.add_error("details", "Say what the arrangement is.")
        assessed, valid = data.get("assessed_on"), data.get("valid_until")
        if assessed and valid and valid < assessed:
            self.add_error("valid_until", "Valid until must be after the assessment date.")
        return data

    def save(self, commit: bool = True) -> AccessArrangement:
        arrangement = self.instance
        arrangement.pupil = self.pupil
        arrangement.extra_time_percent = None
        if arrangement.kind == AccessArrangement.Kind.EXTRA_TIME:
            choice = self.cleaned_data["extra_time"]
            arrangement.extra_time_percent = (
                self.cleaned_data["extra_time_other"] if choice == "other" else int(choice)
            )
        return super().save(commit)


# EHC plans -------------------------------------------------------------------------------


class EhcPlanForm(forms.ModelForm):
    class Meta:
        model = EhcPlan
        fields = ["issued_on", "local_authority", "last_annual_review"]
        labels = {
            "issued_on": "Date issued",
            "last_annual_review": "Date of the last annual review",
        }
        widgets = {"issued_on": DateInput(), "last_annual_review": DateInput()}
        help_texts = {"last_annual_review": "Leave blank if the plan has not been reviewed yet."}

    def __init__(self, *args: Any, pupil: Pupil, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pupil = pupil

    def clean_issued_on(self) -> date:
        day = self.cleaned_data["issued_on"]
        _not_in_future(day, "The date issued")
        return day

    def clean_last_annual_review(self) -> date | None:
        day = self.cleaned_data["last_annual_review"]
        _not_in_future(day, "The last annual review")
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        issued, reviewed = data.get("issued_on"), data.get("last_annual_review")
        if issued and reviewed and reviewed < issued:
            self.add_error("last_annual_review", "The review cannot be before the plan was issued.")
        return data

    def save(self, commit: bool = True) -> EhcPlan:
        self.instance.pupil = self.pupil
        return super().save(commit)


# Concerns -----------------------------------------------------------------------------


class ConcernForm(forms.ModelForm):
    pupil = PupilChoiceField(
        queryset=Pupil.objects.none(),
        help_text="Only pupils you teach or support are listed.",
    )

    class Meta:
        model = Concern
        fields = ["pupil", "noticed", "where", "noticed_on"]
        labels = {"noticed_on": "When you noticed it", "where": "Where (lesson, room, time)"}
        widgets = {"noticed_on": DateInput(), "noticed": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "noticed": "What you saw or heard, in plain words: facts rather than labels.",
        }

    def __init__(self, *args: Any, pupils: QuerySet[Pupil], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["pupil"]).queryset = pupils

    def clean_noticed_on(self) -> date:
        day = self.cleaned_data["noticed_on"]
        _not_in_future(day, "The date you noticed it")
        return day


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Concern.Outcome.choices, widget=forms.RadioSelect, label="Decision"
    )
    triaged_on = forms.DateField(label="Date of the decision", widget=DateInput())
    note = forms.CharField(
        label="Note for the member of staff who raised it",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="They see this note with the decision on their “My concerns” page.",
    )

    def __init__(self, *args: Any, concern: Concern, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.concern = concern

    def clean_triaged_on(self) -> date:
        day = self.cleaned_data["triaged_on"]
        _not_in_future(day, "The date of the decision")
        if day < self.concern.noticed_on:
            raise forms.ValidationError("The decision cannot be before the concern was noticed.")
        return day


# MIS import ---------------------------------------------------------------------------


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", widget=forms.RadioSelect, choices=())
    file = forms.FileField(
        label="CSV file",
        help_text="A CSV file saved as UTF-8, up to 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
