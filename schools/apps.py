from __future__ import annotations

from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools and staff"

    def ready(self) -> None:
        from schools import mfa

        mfa.connect()
