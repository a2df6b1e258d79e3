from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms

from reports.periods import Period, period_from_key, periods_to_choose
from reports.registry import DocumentKind
from schools.models import School


class DocumentRequestForm(forms.Form):
    """Which document, for which term or half-term."""

    kind = forms.ChoiceField(label="Document", widget=forms.RadioSelect)
    period = forms.ChoiceField(label="Term or half-term")

    def __init__(
        self, *args: Any, school: School, kinds: list[DocumentKind], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self.kinds = {kind.key: kind for kind in kinds}
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(k.key, k.title) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].key
        periods = periods_to_choose(school, today)
        cast(forms.ChoiceField, self.fields["period"]).choices = [(p.key, p.label) for p in periods]
        if periods:
            self.fields["period"].initial = periods[0].key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = self.kinds.get(data.get("kind", ""))
        period = period_from_key(self.school, data.get("period", ""))
        if kind is not None and period is not None and period.kind not in kind.periods:
            what = "a half-term" if "half_term" in kind.periods else "a whole term"
            self.add_error("period", f"{kind.title} covers {what}: choose one.")
        return self.cleaned_data

    @property
    def chosen(self) -> tuple[DocumentKind, Period]:
        kind = self.kinds[self.cleaned_data["kind"]]
        period = period_from_key(self.school, self.cleaned_data["period"])
        assert period is not None
        return kind, period
