"""The register's filters: year, form, status, need, broad area, pupil premium, search."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from pupils.models import BroadArea, NeedType, Pupil, PupilNeed, SenStatus, needs_in_area

# The register is the pupils with SEN; "not on the register" and "everyone"
# let the SENDCo find a pupil to add.
ON_REGISTER = ""
STATUS_CHOICES = [
    (SenStatus.SUPPORT.value, "SEN support (K)"),
    (SenStatus.EHC_PLAN.value, "EHC plan (E)"),
    (SenStatus.NONE.value, "Not on the register (N)"),
    ("all", "Every pupil"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


def need_choices() -> list[tuple[str, str]]:
    return [(need.value, f"{need.label} ({need.value})") for need in NeedType]


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name or UPN",
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    year_group = django_filters.ChoiceFilter(label="Year group", choices=[], empty_label="Any year")
    form = django_filters.ChoiceFilter(label="Form", choices=[], empty_label="Any form")
    status = django_filters.ChoiceFilter(
        label="SEN status",
        choices=STATUS_CHOICES,
        empty_label="On the register (K or E)",
        method="filter_status",
    )
    need = django_filters.ChoiceFilter(
        label="Need type (any rank)",
        choices=need_choices(),
        empty_label="Any need",
        method="filter_need",
    )
    area = django_filters.ChoiceFilter(
        label="Broad area of need",
        choices=BroadArea.choices,
        empty_label="Any area",
        method="filter_area",
    )
    pupil_premium = django_filters.ChoiceFilter(
        label="Pupil premium", choices=YES_NO, empty_label="Either", method="filter_pp"
    )

    class Meta:
        model = Pupil
        fields: list[str] = []

    def __init__(self, *args: Any, school_pupils: QuerySet[Pupil], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices from the school's own pupils: a primary has years 0 to 6.
        years = school_pupils.order_by("year_group").values_list("year_group", flat=True)
        self.filters["year_group"].extra["choices"] = [
            (str(year), f"Year {year}") for year in dict.fromkeys(years)
        ]
        forms_ = school_pupils.exclude(form="").order_by("form").values_list("form", flat=True)
        # Year 7 forms before Year 10: sort on the year number, then the letter.
        ordered = sorted(dict.fromkeys(forms_), key=_form_sort_key)
        self.filters["form"].extra["choices"] = [(f, f) for f in ordered]

    def filter_queryset(self, queryset: QuerySet[Pupil]) -> QuerySet[Pupil]:
        # With no status chosen the page is the register itself.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(sen_status=SenStatus.NONE)
        return super().filter_queryset(queryset)

    def filter_search(self, queryset: QuerySet[Pupil], name: str, value: str) -> QuerySet[Pupil]:
        for term in value.split()[:5]:
            queryset = queryset.filter(
                Q(legal_first_name__icontains=term)
                | Q(legal_last_name__icontains=term)
                | Q(preferred_name__icontains=term)
                | Q(upn__iexact=term)
                | Q(mis_id__iexact=term)
            )
        return queryset

    def filter_status(self, queryset: QuerySet[Pupil], name: str, value: str) -> QuerySet[Pupil]:
        if value == "all":
            return queryset
        return queryset.filter(sen_status=value)

    def filter_need(self, queryset: QuerySet[Pupil], name: str, value: str) -> QuerySet[Pupil]:
        return queryset.filter(pk__in=PupilNeed.objects.filter(need=value).values("pupil_id"))

    def filter_area(self, queryset: QuerySet[Pupil], name: str, value: str) -> QuerySet[Pupil]:
        needs = PupilNeed.objects.filter(need__in=needs_in_area(value))
        return queryset.filter(pk__in=needs.values("pupil_id"))

    def filter_pp(self, queryset: QuerySet[Pupil], name: str, value: str) -> QuerySet[Pupil]:
        return queryset.filter(pupil_premium=value == "yes")


def _form_sort_key(form: str) -> tuple[int, str]:
    digits = "".join(ch for ch in form if ch.isdigit())
    return (int(digits) if digits else 0, form)
