"""The shell finds every app's declarations and names no feature app."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.urls import reverse

from shell.discovery import declarations

ROOT = Path(__file__).resolve().parents[2]
FEATURE_APPS = {"pupils", "walks", "feedback", "calendar_app", "reports", "notifications"}


def test_every_app_with_a_shell_module_is_found() -> None:
    found = set(declarations().apps)
    with_module = {c.name for c in apps.get_app_configs() if (Path(c.path) / "shell.py").exists()}
    assert found == with_module
    assert {"shell", "schools", "pupils", "walks", "feedback", "reports", "calendar_app"} <= found


def test_every_declared_entry_resolves() -> None:
    found = declarations()
    for item in (*found.nav, *found.account):
        assert reverse(item.url_name)
    for claim in found.homes:
        assert reverse(claim.url_name)


def test_entries_come_from_their_own_apps() -> None:
    by_app = {item.url_name.split(":")[0] for item in declarations().nav}
    assert {"shell", "pupils", "walks", "feedback", "reports", "schools"} <= by_app


def _named_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # import_module("pupils.dashboard"), "pupils:register", ...
            names.update(part for part in FEATURE_APPS if node.value.startswith(part))
    return names


def test_the_shell_names_no_feature_app() -> None:
    for path in (ROOT / "shell").glob("*.py"):
        assert not _named_modules(path) & FEATURE_APPS, path


def test_the_check_sees_a_feature_app_named(tmp_path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text('from importlib import import_module\nimport_module("pupils.dashboard")\n')
    assert _named_modules(planted) & FEATURE_APPS
    planted.write_text("from walks.queries import walks_to_announce\n")
    assert _named_modules(planted) & FEATURE_APPS
