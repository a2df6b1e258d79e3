"""`manage.py backup`: the database and the stored files in one archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendit.lib.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump, or SQLite's online backup) and MEDIA_ROOT into one "
        "timestamped archive in BACKUP_DIR. The archive holds special category data: "
        "keep it encrypted and off the web root."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, help="where to write it (default BACKUP_DIR)")

    def handle(self, *args, **options) -> None:
        try:
            archive = backup_create(directory=options["dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(archive))
