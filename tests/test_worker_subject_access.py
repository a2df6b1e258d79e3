"""The subject access export made by a real Celery worker on the broker: the
SENDCo asks on the pupil's page, the worker writes the zip, the SENDCo
downloads it, and it holds the pupil's records and not another pupil's."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from reports.models import ReportDocument
from reports.tests.helpers import wait_finished
from tests.factories import make_assessment
from tests.test_worker import real_worker  # noqa: F401 (a fixture)

pytestmark = pytest.mark.worker


@pytest.fixture
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


def test_a_real_worker_makes_the_subject_access_export(
    transactional_db,
    cast,
    client,
    reports_root,
    real_worker,  # noqa: F811
) -> None:
    mine = make_assessment(cast.pupil, name="Spelling check")
    theirs = make_assessment(cast.pupil2, name="Maths check")
    client.force_login(cast.sendco)
    response = client.post(reverse("reports:subject_access", kwargs={"pk": cast.pupil.pk}))
    assert response.status_code == 302
    document = wait_finished(ReportDocument.objects.get(kind="subject_access"), 90)
    assert document.status == ReportDocument.Status.DONE, document.failure or document.status
    assert document.worker  # made in the worker
    page = client.get(reverse("reports:document", kwargs={"pk": document.pk})).content.decode()
    assert "Download the zip file" in page
    download = client.get(reverse("reports:download", kwargs={"pk": document.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    export = json.loads(archive.read("subject-access.json"))
    assessments = next(s for s in export["sections"] if s["key"] == "pupils.assessment")
    assert [row["id"] for row in assessments["rows"]] == [mine.pk]
    assert theirs.pk not in [row["id"] for row in assessments["rows"]]
