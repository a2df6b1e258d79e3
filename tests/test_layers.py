"""The layers in pyproject.toml ([tool.importlinter]) hold, and a module that
breaks them makes `lint-imports` fail.

Each breaking case runs lint-imports on a copy of the project in a temporary
directory with one planted module, so the shared tree is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
ROOT_PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _copy_with(tmp_path: Path, planted: dict[str, str]) -> Path:
    for package in ROOT_PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for relative, source in planted.items():
        (tmp_path / relative).write_text(source)
    return tmp_path


def test_the_project_keeps_its_layers() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_schools_importing_pupils_breaks_the_layers(tmp_path: Path) -> None:
    copy = _copy_with(tmp_path, {"schools/planted.py": "from pupils.models import Pupil\n"})
    result = _lint_imports(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Layers: shell and demo on top, sendit.lib on the ground BROKEN" in result.stdout
    assert "schools.planted -> pupils.models" in result.stdout


def test_the_ground_floor_helpers_importing_an_app_break_the_layers(tmp_path: Path) -> None:
    copy = _copy_with(tmp_path, {"sendit/lib/planted.py": "import walks.services\n"})
    result = _lint_imports(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "sendit.lib.planted -> walks.services" in result.stdout


@pytest.mark.parametrize("target", ["demo.schools", "reports.views"])
def test_wiring_importing_demo_or_reports_breaks_the_top_floor_contract(
    tmp_path: Path, target: str
) -> None:
    # sendit's wiring (urls, settings, celery) is on no floor, so only the
    # forbidden contract can catch this.
    copy = _copy_with(tmp_path, {"sendit/planted.py": f"import {target}\n"})
    result = _lint_imports(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Nothing imports the shell, demo or reports" in result.stdout
    assert f"sendit.planted -> {target}" in result.stdout
    assert "Layers: shell and demo on top, sendit.lib on the ground KEPT" in result.stdout
