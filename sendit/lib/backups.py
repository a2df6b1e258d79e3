"""Backups of a whole deployment: the database and the stored files.

One archive, ``sendit-backup-YYYYmmdd-HHMMSS.tar.gz`` in BACKUP_DIR, holds:

- ``manifest.json``: when, from which database engine, and what is inside;
- ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``) or
  ``database.sqlite3`` (SQLite, copied with the online backup API);
- ``media/``: everything under MEDIA_ROOT (uploaded and generated files).

The archive holds special category data about children: it is written
readable by its owner only, and must be kept encrypted and off the web root.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class RestoreResult:
    archive: Path
    engine: str
    tables: int
    files: int


def _database() -> dict:
    return settings.DATABASES["default"]


def _engine() -> str:
    engine = _database()["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def _pg_env() -> dict[str, str]:
    """libpq's own variables, so that no password is on a command line."""
    db = _database()
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        value = db.get(key)
        if value:
            env[variable] = str(value)
    if sslmode := (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)."
        )
    # The command is ours (pg_dump or pg_restore with paths we made), never user input.
    result = subprocess.run(  # noqa: S603
        command, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_create(*, directory: Path | None = None) -> Path:
    """Write a new archive into ``directory`` (BACKUP_DIR) and return its path."""
    engine = _engine()
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = directory / f"sendit-backup-{stamp}.tar.gz"
    counter = 1
    while target.exists():
        counter += 1
        target = directory / f"sendit-backup-{stamp}-{counter}.tar.gz"
    media = _media_root()
    with tempfile.TemporaryDirectory(prefix="sendit-backup-") as work:
        work_dir = Path(work)
        if engine == "postgresql":
            database_file = work_dir / "database.pgdump"
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(database_file)])
        else:
            database_file = work_dir / "database.sqlite3"
            connections["default"].ensure_connection()
            source = sqlite3.connect(str(_database()["NAME"]))
            copy = sqlite3.connect(str(database_file))
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        files = [p for p in media.rglob("*") if p.is_file()] if media.is_dir() else []
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database_file": database_file.name,
            "media_files": len(files),
        }
        partial = target.with_name(target.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            info.mode = 0o600
            tar.addfile(info, fileobj=io.BytesIO(data))
            tar.add(database_file, arcname=database_file.name)
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
        partial.rename(target)
    return target


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile("manifest.json")
    except KeyError:
        member = None
    if member is None:
        raise BackupError("This file is not a sendit backup (it has no manifest.json).")
    manifest = json.load(member)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _existing_tables() -> list[str]:
    connection = connections["default"]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def backup_restore(*, archive: Path, force: bool = False) -> RestoreResult:
    """Restore ``archive`` into the configured database and MEDIA_ROOT.

    The database must be empty (no tables): restoring over live data is
    refused unless ``force``, which replaces the database's contents.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No backup at {archive}.")
    engine = _engine()
    with tarfile.open(archive, mode="r:gz") as tar:
        manifest = _read_manifest(tar)
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; "
                f"DATABASE_URL names a {engine} one."
            )
        tables = _existing_tables()
        if tables and not force:
            name = _database()["NAME"]
            raise BackupError(
                f"The database {name} is not empty ({len(tables)} tables). Restore into an "
                "empty database (for example a new one made with createdb), or pass --force "
                "to replace everything in this one with the backup."
            )
        connections["default"].close()
        with tempfile.TemporaryDirectory(prefix="sendit-restore-") as work:
            work_dir = Path(work)
            tar.extractall(work_dir, filter="data")
            database_file = work_dir / manifest["database_file"]
            if engine == "postgresql":
                command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
                if tables:
                    command += ["--clean", "--if-exists"]
                command += ["--single-transaction", "--dbname", _database()["NAME"]]
                _run([*command, str(database_file)])
            else:
                source = sqlite3.connect(str(database_file))
                target = sqlite3.connect(str(_database()["NAME"]))
                try:
                    source.backup(target)
                finally:
                    target.close()
                    source.close()
            files = _restore_media(work_dir / "media")
    return RestoreResult(
        archive=archive, engine=engine, tables=len(_existing_tables()), files=files
    )


def _restore_media(source: Path) -> int:
    if not source.is_dir():
        return 0
    media = _media_root()
    media.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in source.rglob("*"):
        if path.is_file():
            destination = media / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            count += 1
    return count
