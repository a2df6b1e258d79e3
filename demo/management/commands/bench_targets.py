"""What `make bench` drives, worked out in the benchmark's own database.

``manage.py bench_targets --out FILE`` writes JSON: for each key page
(demo.bench_pages) its address and the SQL statements it makes (measured
here with Django's test client, the second of two loads), a signed-in
session for each demo account the pages need, and the visits whose record
the SENDCo's clients autosave (one each, so that they never conflict).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from demo.bench_pages import KEY_PAGES, visits_to_capture
from demo.spec import DEMO
from schools.models import School, User

TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def statements(client: Client, url: str) -> tuple[int, int]:
    """(status, SQL statements) of the second load of ``url`` (over https, as
    behind the proxy)."""
    client.get(url, secure=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    sent = sum(1 for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION))
    return response.status_code, sent


class Command(BaseCommand):
    help = "Write the benchmark's targets (pages, query counts, sessions) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True)
        parser.add_argument("--school", default=DEMO.slug)

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"No school {options['school']!r}: run seed_demo first.")
        domain = DEMO.domain if school.slug == DEMO.slug else f"{school.slug}.test"
        clients: dict[str, Client] = {}
        sessions: dict[str, str] = {}
        for who in sorted({page.who for page in KEY_PAGES}):
            client = Client()
            client.force_login(User.objects.get(email=f"{who}@{domain}"))
            clients[who] = client
            sessions[who] = client.cookies["sessionid"].value
        pages = []
        for page in KEY_PAGES:
            url = page.url(school)
            status, queries = statements(clients[page.who], url)
            if status != 200:
                raise CommandError(f"{page.name} ({url}) answered {status}")
            pages.append({"name": page.name, "who": page.who, "url": url, "queries": queries})
        autosave = [f"/feedback/capture/{visit.pk}/" for visit in visits_to_capture(school)]
        Path(options["out"]).write_text(
            json.dumps({"pages": pages, "sessions": sessions, "autosave": autosave}, indent=2)
        )
        self.stdout.write(f"{len(pages)} pages, {len(autosave)} records to autosave")
