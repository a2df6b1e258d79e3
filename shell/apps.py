from __future__ import annotations

from django.apps import AppConfig


class ShellConfig(AppConfig):
    name = "shell"
    verbose_name = "Shell: homes, menu and dashboard"
