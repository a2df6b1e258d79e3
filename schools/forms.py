from __future__ import annotations

from django import forms

from schools.models import School


class SchoolSettingsForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "urn", "max_observers", "yearly_observation_limit"]
        labels = {
            "urn": "URN",
            "max_observers": "Most observers on one walk",
            "yearly_observation_limit": "Observations of one teacher per school year",
        }

    def clean_max_observers(self) -> int:
        value = self.cleaned_data["max_observers"]
        if not 1 <= value <= 6:
            raise forms.ValidationError("Choose between 1 and 6 observers.")
        return value

    def clean_yearly_observation_limit(self) -> int:
        value = self.cleaned_data["yearly_observation_limit"]
        if not 1 <= value <= 12:
            raise forms.ValidationError("Choose a limit between 1 and 12 observations a year.")
        return value
