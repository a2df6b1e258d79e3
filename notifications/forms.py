from __future__ import annotations

from typing import Any

from django import forms

from notifications.models import Kind


class EmailPreferencesForm(forms.Form):
    """One tick box per kind of email; the in-app list keeps every item regardless."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.BooleanField(
                label=label,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def wanted(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(kind)) for kind in Kind.values}
