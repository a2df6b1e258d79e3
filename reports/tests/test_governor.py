"""The governor summary, page and PDF: no name from the database, no class code,
no count under 5 (and, through sendit.lib.privacy, none recoverable)."""

from __future__ import annotations

import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pupils.models import Pupil, TeachingGroup
from reports.models import ReportDocument
from reports.periods import current_term
from reports.registry import kind_for
from reports.services import document_request, storage_path
from reports.tests.helpers import pdf_text
from schools.models import School, User
from sendit.lib.privacy import PersonName, name_variants, names_in_text

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
NOT_COUNTS = [
    r"Page \d+ of \d+",
    rf"\d{{1,2}} (?:{MONTHS}) \d{{4}}",
    rf"(?:{MONTHS}) \d{{4}}",
    r"\b\d{4} to \d{4}\b",
    r"version \d+",
    r"fewer than 5",
    r"Year \d+",
    r"Wave \d",
    r"\d{1,2}:\d{2}",
    r"\d+%",
]


def assert_anonymous(text: str) -> None:
    text = " ".join(text.split())
    people = [
        PersonName(p.legal_first_name, p.legal_last_name, p.preferred_name)
        for p in Pupil.objects.all()
    ] + [PersonName(u.first_name, u.last_name) for u in User.objects.all()]
    found = names_in_text(text, name_variants(people))
    assert not found, f"names in the governor summary: {found}"
    codes = set(TeachingGroup.objects.values_list("code", flat=True)) - {""}
    assert not [c for c in codes if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", text)]
    stripped = text
    for pattern in NOT_COUNTS:
        stripped = re.sub(pattern, " ", stripped)
    small = re.findall(r"(?<![\w.,])[1-4](?![\w.,%])", stripped)
    assert not small, f"counts under 5 in: {stripped[:2000]}"


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    call_command("seed_demo", verbosity=0)
    return School.objects.get(slug="demo")


def test_the_governor_page_names_nobody_and_shows_no_small_count(demo, client) -> None:
    governor = User.objects.get(email="governor@demo.test")
    client.force_login(governor)
    page = client.get(reverse("reports:summaries")).content.decode()
    main = page.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))
    assert "Who are the pupils with SEND?" in text
    assert_anonymous(text)
    # Each question in the order governors ask them, each figure once.
    questions = [
        "Who are the pupils with SEND?",
        "What provision do they get, and does it work?",
        "How do they attend?",
        "Are statutory duties being met?",
    ]
    assert sorted(questions, key=text.index) == questions
    assert text.count("EHC annual reviews overdue") == 1
    assert "past their 12 months" not in text
    for heading in (
        "The register a year before",
        "Changes on the register",
        "Interventions by wave",
    ):
        assert heading in text
    for words in ("Days of suspension", "EHC needs assessments requested", "Meetings with parents"):
        assert words in text


def test_the_governor_pdf_names_nobody_and_shows_no_small_count(
    demo, django_capture_on_commit_callbacks
) -> None:
    slt = User.objects.get(email="slt@demo.test")
    slt.work_in(demo)
    kind = kind_for("governor")
    assert kind is not None
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            school=demo,
            kind=kind,
            period=current_term(demo, timezone.localdate()),
            requested_by=slt,
        )
    document.refresh_from_db()
    assert document.status == ReportDocument.Status.DONE, document.failure
    text = pdf_text(storage_path(document))
    assert "Who are the pupils with SEND?" in text and demo.name in text
    assert slt.last_name not in text  # who asked is not on a governor document
    assert_anonymous(text)


def test_the_check_catches_a_name_and_a_small_count(demo) -> None:
    pupil = Pupil.objects.filter(school=demo).first()
    assert pupil is not None
    with pytest.raises(AssertionError, match="names"):
        assert_anonymous(f"A note about {pupil.legal_first_name} {pupil.legal_last_name}.")
    with pytest.raises(AssertionError, match="under 5"):
        assert_anonymous("Pupils with an EHC plan 3")
