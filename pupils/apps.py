from __future__ import annotations

from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pupils"
    verbose_name = "Pupils, profiles and provision"

    def ready(self) -> None:
        from pupils import retention  # noqa: F401 (declares its retention kind)
