from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "Record of changes"

    def ready(self) -> None:
        from audit import changes, signals

        signals.connect()
        changes.connect()
