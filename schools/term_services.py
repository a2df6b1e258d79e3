"""Saving a school year's term dates: the version check, and a record of the change."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import ChangeKind
from audit.services import record_change
from schools.models import HalfTermDates, HalfTermName, NonTeachingDay, SchoolYear
from sendit.lib.dates import school_year_label
from sendit.lib.versions import VersionConflict, version_check

if TYPE_CHECKING:
    from django.http import HttpRequest

    from schools.models import School, User

# The version a form for a year not entered yet is based on.
NOT_ENTERED = 0


def _unsaved(school: School, start_year: int) -> SchoolYear:
    """A year not entered yet, as the version check sees it (version 0)."""
    return SchoolYear(school=school, start_year=start_year, version=NOT_ENTERED)


def term_year_save(
    *,
    school: School,
    start_year: int,
    half_terms: dict[str, tuple[date, date]],
    non_teaching: list[tuple[date, str, str]],
    base_version: int,
    actor: User | None,
    request: HttpRequest | None = None,
) -> SchoolYear:
    """Replace a year's half-terms and non-teaching days with these (already
    checked by schools.term_forms), if nobody saved the year since the form
    was opened at ``base_version`` (0 for a year not entered); otherwise
    VersionConflict, with the year as saved, and nothing written."""
    with transaction.atomic():
        year = (
            SchoolYear.objects.select_for_update()
            .filter(school=school, start_year=start_year)
            .first()
        )
        if year is None:
            version_check(_unsaved(school, start_year), base_version=base_version)
            try:
                with transaction.atomic():
                    year = SchoolYear.objects.create(
                        school=school, start_year=start_year, version=0
                    )
            except IntegrityError:  # entered meanwhile by someone else
                current = SchoolYear.objects.get(school=school, start_year=start_year)
                raise VersionConflict(current, base_version=base_version) from None
            before_halves: dict[str, tuple[date, date]] = {}
            before_days: set[tuple[date, str, str]] = set()
        else:
            version_check(year, base_version=base_version)
            before_halves = {h.name: (h.starts_on, h.ends_on) for h in year.half_terms.all()}
            before_days = {(d.day, d.kind, d.name) for d in year.closures.all()}
        year.half_terms.all().delete()
        year.closures.all().delete()
        HalfTermDates.objects.bulk_create(
            HalfTermDates(year=year, name=name, starts_on=start, ends_on=end)
            for name, (start, end) in half_terms.items()
        )
        NonTeachingDay.objects.bulk_create(
            NonTeachingDay(year=year, day=day, kind=kind, name=name)
            for day, kind, name in non_teaching
        )
        year.version += 1
        year.updated_at = timezone.now()
        year.save(update_fields=["version", "updated_at"])
        after_days = set(non_teaching)
        record_change(
            school=school,
            actor=actor,
            kind=ChangeKind.TERM_DATES_SAVED,
            target=f"Term dates {school_year_label(start_year)}",
            details={
                "school_year": start_year,
                "first_entry": not before_halves,
                "half_terms_changed": [
                    HalfTermName(name).label
                    for name in HalfTermName.values
                    if before_halves.get(name) != half_terms[name]
                ],
                "days_added": sorted(d.isoformat() for d, _, _ in after_days - before_days),
                "days_removed": sorted(d.isoformat() for d, _, _ in before_days - after_days),
                "version": year.version,
            },
            request=request,
        )
    return year
