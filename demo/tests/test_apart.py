"""No production module imports the demo app (it sits on the top floor)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Tests may seed the demo; the demo app itself may import anything.
SKIPPED_DIRS = {"tests", "migrations", "node_modules", "static", "templates"}


def _demo_imports(source: str) -> list[str]:
    """The modules of the demo app that this source imports (absolute imports)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [name for name in names if name == "demo" or name.startswith("demo.")]
    return found


def _production_modules() -> list[Path]:
    modules = []
    for folder, dirs, files in os.walk(ROOT):
        here = Path(folder)
        dirs[:] = [
            name
            for name in dirs
            if not name.startswith(".")
            and not name.endswith(".egg-info")
            and name not in SKIPPED_DIRS
            and not (here == ROOT and name == "demo")
        ]
        modules += [here / name for name in files if name.endswith(".py") and name != "conftest.py"]
    return modules


def test_the_scan_sees_imports_of_demo() -> None:
    assert _demo_imports("import demo") == ["demo"]
    assert _demo_imports("import os, demo.schools as s") == ["demo.schools"]
    assert _demo_imports("from demo.pupils import seed_pupils") == ["demo.pupils"]
    assert _demo_imports("from demo import names") == ["demo"]
    assert _demo_imports("from .demo import x\nimport demography\nfrom demos import y") == []


def test_no_production_module_imports_demo() -> None:
    modules = _production_modules()
    seen = {path.relative_to(ROOT).as_posix() for path in modules}
    # The scan reaches every production app and the project package.
    assert {"schools/models.py", "pupils/models/__init__.py", "walks/models.py"} <= seen
    assert {"feedback/models.py", "sendit/settings.py", "manage.py"} <= seen
    assert not any(name.startswith("demo/") for name in seen)
    offenders = {
        path.relative_to(ROOT).as_posix(): imports
        for path in modules
        if (imports := _demo_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
