"""Text people type that reaches a PDF is shown as text and never fetched.

A test server records every request; each hostile string goes into every
field that reaches the termly report or the governor summary, both are
made, and the server must have heard nothing, the PDFs must carry the
strings as text and no embedded file.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from pypdf import PdfReader

from feedback.models import WalkReport
from reports.models import ReportDocument
from reports.periods import current_term
from reports.registry import kind_for
from reports.services import document_request, storage_path
from reports.tests.helpers import RecordingServer, pdf_text
from tests.factories import make_focus_area, make_walk


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"


def hostile(port: int) -> list[str]:
    return [
        '<link rel="attachment" href="file:///etc/passwd">',
        "url(file:///etc/passwd)",
        f'<img src="http://127.0.0.1:{port}/img">',
        f"<style>@import url(http://127.0.0.1:{port}/css);</style>",
        f"http://127.0.0.1:{port}/plain",
    ]


def _embedded_files(path) -> bool:
    reader = PdfReader(path)
    names = reader.trailer["/Root"].get("/Names")
    annotations = [
        a.get_object().get("/Subtype") for page in reader.pages for a in page.get("/Annots") or []
    ]
    return (
        bool(names and "/EmbeddedFiles" in names.get_object()) or "/FileAttachment" in annotations
    )


def test_hostile_text_is_shown_and_nothing_is_fetched(
    cast, django_capture_on_commit_callbacks
) -> None:
    with RecordingServer() as server:
        strings = hostile(server.port)
        one_line = " ".join(strings)
        cast.school.name = f"Hillside {strings[0]}"
        cast.school.save()
        walk = make_walk(
            cast.school,
            title=f"Walk {strings[2]}",
            focus_areas=[make_focus_area(cast.school, title=f"Focus {strings[1]}")],
        )
        WalkReport.objects.create(
            walk=walk,
            strengths=one_line,
            good_practice=strings[3],
            policy_changes=strings[4],
            closer_look=strings[1] + " " + strings[2],
            status=WalkReport.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        period = current_term(cast.school, timezone.localdate())
        documents = []
        for key in ("termly", "governor"):
            kind = kind_for(key)
            assert kind is not None
            with django_capture_on_commit_callbacks(execute=True):
                documents.append(
                    document_request(
                        school=cast.school, kind=kind, period=period, requested_by=cast.sendco
                    )
                )
        assert server.requests == []  # the server works: see the last lines
        for document in documents:
            document.refresh_from_db()
            assert document.status == ReportDocument.Status.DONE, document.failure
            path = storage_path(document)
            text = " ".join(pdf_text(path, layout=False).split())
            assert strings[0] in text  # the school's name, on every document
            assert not _embedded_files(path)
        termly = " ".join(pdf_text(storage_path(documents[0]), layout=False).split())
        for string in strings:
            assert string in termly, string
        # The recording server does record: a real fetch of the same URL is heard.
        import urllib.request

        urllib.request.urlopen(f"http://127.0.0.1:{server.port}/img").read()  # noqa: S310
        assert server.requests == ["/img"]


def test_the_fetcher_refuses_even_markup_that_was_not_escaped(tmp_path) -> None:
    """Defence in depth: were a template ever to mark user text safe, the
    fetcher still reads nothing but our static files."""
    from reports.pdf import static_roots
    from reports.pdf_child import STATIC_BASE, render

    with RecordingServer() as server:
        html = (
            '<html lang="en-GB"><head><title>t</title>'
            f'<link rel="stylesheet" href="http://127.0.0.1:{server.port}/a.css">'
            f'<link rel="stylesheet" href="{STATIC_BASE}css/report.css">'
            f"<style>@import url(http://127.0.0.1:{server.port}/b.css); "
            "body { background: url(file:///etc/passwd) }</style></head><body>"
            '<link rel="attachment" href="file:///etc/passwd">'
            f'<img src="http://127.0.0.1:{server.port}/c.png" alt="">'
            f'<img src="{STATIC_BASE}../../../../etc/passwd" alt="">'
            "<p>text</p></body></html>"
        )
        out = tmp_path / "x.pdf"
        result = render(html, out, static_roots())
        assert server.requests == []
    assert not _embedded_files(out)
    refused = result["refused"]
    assert any("file:///etc/passwd" in url for url in refused)
    assert any(f"127.0.0.1:{server.port}" in url for url in refused)
    assert not any(url.endswith("css/report.css") for url in refused)  # ours is served
