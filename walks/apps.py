from __future__ import annotations

from django.apps import AppConfig


class WalksConfig(AppConfig):
    name = "walks"
    verbose_name = "Learning walks"
