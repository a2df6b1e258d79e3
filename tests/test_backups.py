"""`manage.py backup` and `manage.py restore`, round trip into a new database."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from pupils.models import Pupil
from schools.models import Role, School, User
from tests.factories import make_pupil, make_school, make_user

ROOT = Path(__file__).resolve().parents[1]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    dropped = {"SENDIT_TESTING", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _conninfo(dbname: str) -> dict[str, object]:
    db = settings.DATABASES["default"]
    info = {"dbname": dbname, "host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432}
    if db.get("USER"):
        info["user"] = db["USER"]
    if db.get("PASSWORD"):
        info["password"] = db["PASSWORD"]
    return info


def _url(dbname: str) -> str:
    info = _conninfo(dbname)
    auth = str(info.get("user", ""))
    if info.get("password"):
        auth += f":{info['password']}"
    return f"postgres://{auth}@{info['host']}:{info['port']}/{dbname}"


@pytest.fixture
def empty_database() -> str:
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL round trip needs DATABASE_URL=postgres://...")
    name = f"sendit_restore_{secrets.token_hex(4)}"
    with psycopg.connect(**_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(**_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_database(
    transactional_db, empty_database: str, tmp_path: Path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "reports" / "termly.pdf").write_bytes(b"%PDF-1.7 termly report")
    school = make_school("Backup Academy", urn="123456")
    make_user(school, Role.SENDCO, email="sendco@backup.test", first_name="Sam")
    for first_name in ("Ada", "Ben", "Cal"):
        make_pupil(school, legal_first_name=first_name, legal_last_name="Restored")
    counts = {
        "schools_school": School.objects.count(),
        "schools_user": User.objects.count(),
        "pupils_pupil": Pupil.objects.count(),
    }

    call_command("backup", dir=tmp_path / "backups", stdout=open(os.devnull, "w"))  # noqa: SIM115
    archives = list((tmp_path / "backups").glob("sendit-backup-*.tar.gz"))
    assert len(archives) == 1
    archive = archives[0]
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"manifest.json", "database.pgdump", "media/reports/termly.pdf"} <= set(names)

    restored_media = tmp_path / "restored-media"
    env = {"DATABASE_URL": _url(empty_database), "MEDIA_ROOT": str(restored_media)}
    result = _manage("restore", str(archive), **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Restored" in result.stdout

    with psycopg.connect(**_conninfo(empty_database)) as restored:
        for table, count in counts.items():
            assert restored.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
        assert restored.execute(
            "SELECT name, urn FROM schools_school WHERE slug = %s", [school.slug]
        ).fetchone() == ("Backup Academy", "123456")
        assert restored.execute(
            "SELECT first_name FROM schools_user WHERE email = 'sendco@backup.test'"
        ).fetchone() == ("Sam",)
        assert sorted(
            row[0]
            for row in restored.execute(
                "SELECT legal_first_name FROM pupils_pupil WHERE legal_last_name = 'Restored'"
            )
        ) == ["Ada", "Ben", "Cal"]
    assert (restored_media / "reports" / "termly.pdf").read_bytes() == b"%PDF-1.7 termly report"

    # A second restore would overwrite live data: refused, with the way out.
    again = _manage("restore", str(archive), **env)
    assert again.returncode != 0
    assert "is not empty" in again.stderr and "--force" in again.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "holiday-photos.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    result = _manage("restore", str(bogus), DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert result.returncode != 0
    assert "not a sendit backup" in result.stderr


def test_sqlite_backup_and_restore_round_trip(tmp_path: Path) -> None:
    source = {"DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}", "MEDIA_ROOT": str(tmp_path)}
    assert _manage("migrate", "--noinput", "-v", "0", **source).returncode == 0
    created = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from schools.models import School; School.objects.create(name='Lite School', slug='lite')",
        **source,
    )
    assert created.returncode == 0, created.stderr
    backup = _manage("backup", "--dir", str(tmp_path / "backups"), **source)
    assert backup.returncode == 0, backup.stderr
    archive = backup.stdout.strip()
    with tarfile.open(archive) as tar:
        assert "database.sqlite3" in tar.getnames()

    target = {"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}", "MEDIA_ROOT": str(tmp_path)}
    restored = _manage("restore", archive, **target)
    assert restored.returncode == 0, restored.stderr
    check = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from schools.models import School; print(School.objects.get(slug='lite').name)",
        **target,
    )
    assert check.stdout.strip() == "Lite School", check.stderr
    refused = _manage("restore", archive, **target)
    assert refused.returncode != 0 and "is not empty" in refused.stderr
