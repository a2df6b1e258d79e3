from __future__ import annotations

import random
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from demo.calendar import seed_calendar
from demo.checklist import seed_checklists
from demo.feedback import seed_feedback
from demo.history import seed_history
from demo.notifications import seed_notifications
from demo.outcomes import seed_outcomes
from demo.provision import seed_provision
from demo.pupil_records import seed_pupil_records
from demo.pupils import seed_other_school, seed_pupils
from demo.retention import seed_retention
from demo.schools import DEMO_TOTP_SECRET, OTHER_SLUG, seed_role_changes, seed_staff
from demo.spec import SIZES, SchoolSpec, school_specs
from demo.terms import seed_terms
from demo.walks import seed_walks
from schools.models import School


class Command(BaseCommand):
    help = "Create the fictional demo school and a second small school (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=SIZES,
            default="standard",
            help="large: about 1,800 pupils and 150 staff, with two more school years of "
            "history (for the benchmark)",
        )
        parser.add_argument(
            "--schools",
            type=int,
            default=1,
            help="a trust: this many schools of that size in one database (the demo school "
            "is the first; the others' staff sign in as sendco@trust-02.test and so on)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        today = timezone.localdate()
        if options["schools"] < 1:
            raise CommandError("--schools must be at least 1.")
        for spec in school_specs(options["size"], options["schools"]):
            with transaction.atomic():
                self._seed_school(spec, today)
            if options["verbosity"] > 1:
                self.stdout.write(f"{spec.name}: {time.monotonic() - started:.1f}s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo school ready ({time.monotonic() - started:.1f}s). "
                "Sign in as sendco@demo.test, slt@demo.test, teacher@demo.test, "
                "teacher2@demo.test, ta@demo.test, governor@demo.test, admin@demo.test "
                "or sendco@other.test with the demo password."
            )
        )
        self.stdout.write(
            "The SENDCo, senior leader and school admin accounts use two-step sign-in: add "
            f"the setup key {DEMO_TOTP_SECRET} to an authenticator app (it is public, for "
            "the demo only) and type the code it shows after the password."
        )

    def _seed_school(self, spec: SchoolSpec, today: date) -> None:
        staff = seed_staff(random.Random(2026), spec)
        if spec.is_demo:
            seed_terms()  # before anything that names a term
        seed_pupils(staff.school, staff, random.Random(7), today)
        if spec.is_demo:
            seed_other_school(School.objects.get(slug=OTHER_SLUG), random.Random(11), today)
        # Each app seeds its own records, each with its own seeded random
        # generator so that one app's data does not shift another's.
        seed_pupil_records(staff, random.Random(13), today)
        seed_provision(staff, random.Random(23), today)
        seed_outcomes(staff, random.Random(29), today)
        seed_walks(staff, random.Random(17), today)
        seed_feedback(staff, random.Random(19), today)
        seed_role_changes(staff)
        seed_calendar(staff, today)
        seed_notifications(staff, today)
        seed_checklists(staff, today)
        seed_retention(staff, today)
        if spec.past_years:
            seed_history(staff, today, years=spec.past_years)
