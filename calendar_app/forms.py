from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet

from calendar_app.models import Audience, CalendarSettings, Event, Kind
from feedback.services import shared_text_names
from pupils.models import Pupil, SenStatus
from schools.models import School
from sendit.lib.forms import DateInput, VersionField
from sendit.lib.privacy import names_message
from walks.models import LearningWalk

# The longest event: a residential trip, an exam season block, a walk week.
LONGEST_EVENT = timedelta(days=62)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class PupilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Pupil) -> str:
        return f"{obj.legal_last_name}, {obj.first_name} (Year {obj.year_group})"


class EventForm(forms.ModelForm):
    """Add, edit or move an event. Times are school time (Europe/London); no
    times makes an all-day event."""

    version = VersionField(required=False)
    pupil = PupilChoiceField(
        queryset=Pupil.objects.none(),
        required=False,
        label="About a pupil (optional)",
        help_text="Then only the SEND team and the pupil's teachers see it.",
    )
    walk = forms.ModelChoiceField(
        queryset=LearningWalk.objects.none(), required=False, label="About a walk (optional)"
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "place",
            "for_staff",
            "for_governors",
            "for_parents",
            "pupil",
            "walk",
            "notes",
        ]
        labels = {
            "start_date": "First day",
            "end_date": "Last day",
            "start_time": "Starts at (optional)",
            "end_time": "Ends at",
            "for_staff": "All staff",
            "for_governors": "Governors",
            "for_parents": "Parents (shown on the parents' key dates)",
        }
        help_texts = {
            "title": "Calendars outside sendit show this: no pupil's or colleague's name.",
            "start_time": "Leave the times empty for an all-day event.",
            "end_date": "The same day as the first for a one-day event.",
            "notes": "Seen in sendit only, by the people the event is for.",
        }
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        school: School,
        pupils: QuerySet[Pupil],
        walks: QuerySet[LearningWalk],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self.instance.school = school
        register = pupils.exclude(sen_status=SenStatus.NONE)
        if self.instance.pupil_id:
            register = register | pupils.filter(pk=self.instance.pupil_id)
        pupil_field: forms.ModelChoiceField = self.fields["pupil"]  # type: ignore[assignment]
        pupil_field.queryset = register.order_by("legal_last_name", "legal_first_name", "pk")
        walk_field: forms.ModelChoiceField = self.fields["walk"]  # type: ignore[assignment]
        walk_field.queryset = walks.order_by("-starts_on", "pk")
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0
        self.fields["kind"].initial = Kind.OTHER

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", "The last day must be on or after the first day.")
            elif end - start > LONGEST_EVENT:
                self.add_error("end_date", "An event lasts at most nine weeks; split longer ones.")
        start_time, end_time = data.get("start_time"), data.get("end_time")
        if start_time and not end_time:
            self.add_error("end_time", "Give the time it ends, or clear the start time.")
        if end_time and not start_time:
            self.add_error("start_time", "Give the time it starts, or clear the end time.")
        if start_time and end_time and start and end and start == end and end_time <= start_time:
            self.add_error("end_time", "The end must be after the start.")
        pupil = data.get("pupil")
        wider = [
            Audience(a).label.lower()
            for a, flag in (
                (Audience.STAFF, data.get("for_staff")),
                (Audience.GOVERNORS, data.get("for_governors")),
                (Audience.PARENTS, data.get("for_parents")),
            )
            if flag
        ]
        if pupil and wider:
            self.add_error(
                "pupil",
                "An event about a pupil is for the SEND team and the pupil's teachers only: "
                f"untick {' and '.join(wider)}, or choose no pupil.",
            )
        if pupil and data.get("walk"):
            self.add_error("walk", "Choose a pupil or a walk, not both.")
        self._check_names(data, shared=bool(wider))
        return data

    def _check_names(self, data: dict[str, Any], *, shared: bool) -> None:
        """Titles and places go into calendar feeds, which leave the school: no names.
        Notes are only in sendit, but reach everyone the event is for."""
        fields = {"title": data.get("title") or "", "place": data.get("place") or ""}
        if shared:
            fields["notes"] = data.get("notes") or ""
        for field, found in shared_text_names(school=self.school, fields=fields).items():
            self.add_error(field, names_message(found))


class CancelForm(forms.Form):
    version = VersionField()


class CalendarSettingsForm(forms.ModelForm):
    class Meta:
        model = CalendarSettings
        fields = ["invitation_weeks"]

    def clean_invitation_weeks(self) -> int:
        weeks: int = self.cleaned_data["invitation_weeks"]
        if not 2 <= weeks <= 16:
            raise forms.ValidationError("Choose from 2 to 16 weeks.")
        return weeks
