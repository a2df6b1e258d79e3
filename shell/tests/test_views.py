from __future__ import annotations

from django.urls import reverse


def test_dashboard_counts_the_register(cast, client) -> None:
    client.force_login(cast.sendco)
    response = client.get(reverse("shell:dashboard"))
    assert response.status_code == 200
    (register,) = [p for p in response.context["panels"] if p.title == "The SEND register"]
    counts = register.context["counts"]
    # cast: two pupils at SEN support and one without SEN at this school
    assert (counts.register, counts.total, counts.support, counts.ehcp) == (2, 3, 2, 0)
    assert counts.share == 66.7


def test_healthz_reports_database_and_broker(client, db) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "ok" or body["broker"].startswith("not configured")


def test_healthz_reports_a_broken_broker(client, db, settings) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
