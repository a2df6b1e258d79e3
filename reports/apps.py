from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and summaries"

    def ready(self) -> None:
        # Every document kind declares itself in a module of reports/documents/.
        from reports import documents

        documents.load_all()
