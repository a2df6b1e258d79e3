"""Apply each school's retention schedule now (the nightly task does the same).

    manage.py apply_retention [--school SLUG] [--dry-run] [--today YYYY-MM-DD]

``--dry-run`` says what would go and removes nothing (and keeps no run).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schools.models import RetentionRun, School
from schools.retention import kind_label, retention_apply, retention_counts


class Command(BaseCommand):
    help = "Remove what is past each school's retention period, and say what went."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", help="the school's slug (every school if left out)")
        parser.add_argument("--dry-run", action="store_true", help="count, remove nothing")
        parser.add_argument("--today", help="count the periods from this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        schools = School.objects.order_by("pk")
        if options["school"]:
            schools = schools.filter(slug=options["school"])
            if not schools.exists():
                raise CommandError(f"No school with the slug {options['school']!r}.")
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today takes a date as YYYY-MM-DD.") from error
        for school in schools:
            if options["dry_run"]:
                from django.utils import timezone

                counts = retention_counts(school, today=today or timezone.localdate())
                verb = "would remove"
            else:
                run = retention_apply(school, today=today, trigger=RetentionRun.Trigger.COMMAND)
                counts = run.removed
                verb = "removed"
            parts = ", ".join(f"{kind_label(k)}: {n}" for k, n in counts.items())
            self.stdout.write(f"{school.name} ({school.slug}) {verb} {parts}")
