from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from calendar_app.generate import calendar_generate
from schools.models import School


class Command(BaseCommand):
    help = (
        "Generate the calendar's dates (annual reviews, profile reviews, walks, meetings) "
        "from their sources, for every school or one; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", help="the school's slug (every school when left out)")

    def handle(self, *args: Any, **options: Any) -> None:
        schools = School.objects.order_by("pk")
        if options["school"]:
            schools = schools.filter(slug=options["school"])
            if not schools.exists():
                raise CommandError(f"No school has the slug {options['school']!r}.")
        today = timezone.localdate()
        for school in schools:
            result = calendar_generate(school=school, today=today)
            self.stdout.write(f"{school.name}: {result.summary()}")
