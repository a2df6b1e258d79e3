"""The shell finds every app's declarations; neither the shell nor the ground
floor's ``schools`` names a feature app."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
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


# {% url 'pupils:register' %} in a template names the app as much as an import.
URL_TAG = re.compile(r"""{%\s*url\s+['"](\w+):""")


def _named_in_templates(folder: Path) -> set[str]:
    return {name for path in folder.rglob("*.html") for name in URL_TAG.findall(path.read_text())}


def _modules_of(app: str) -> list[Path]:
    """The app's own modules (its migrations too), not its tests."""
    return [path for path in (ROOT / app).rglob("*.py") if "tests" not in path.parts]


@pytest.mark.parametrize("app", ["shell", "schools"])
def test_the_shell_and_schools_name_no_feature_app(app: str) -> None:
    modules = _modules_of(app)
    assert len(modules) > 5
    for path in modules:
        assert not _named_modules(path) & FEATURE_APPS, path
    assert not _named_in_templates(ROOT / "templates" / app) & FEATURE_APPS


def test_the_check_sees_a_feature_app_named(tmp_path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text('from importlib import import_module\nimport_module("pupils.dashboard")\n')
    assert _named_modules(planted) & FEATURE_APPS
    planted.write_text("from walks.queries import walks_to_announce\n")
    assert _named_modules(planted) & FEATURE_APPS
    (tmp_path / "page.html").write_text("<a href=\"{% url 'pupils:register' %}\">SEND register</a>")
    assert _named_in_templates(tmp_path) & FEATURE_APPS
