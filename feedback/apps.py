from __future__ import annotations

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Observations and feedback"

    def ready(self) -> None:
        from feedback import retention  # noqa: F401 (declares its retention kind)
