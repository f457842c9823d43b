"""python manage.py import_records ENTITY FILE [--format jsonl|csv] [--origin-subscription ID]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hub.entities import ENTITIES
from hub.importing import FORMATS, ImportFileError, guess_format, import_records


class Command(BaseCommand):
    help = (
        "Import hub records from a JSON lines or CSV file. Prints a report with every bad row "
        "by line number; exits with status 1 if any row failed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("entity", choices=ENTITIES)
        parser.add_argument("file", help="Path of the .jsonl or .csv file.")
        parser.add_argument(
            "--format", choices=FORMATS, help="jsonl or csv (default: from the file name)."
        )
        parser.add_argument(
            "--origin-subscription",
            type=int,
            dest="origin",
            help="Subscription id the records come from (part of order and tracking keys).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        fmt = options["format"] or guess_format(path)
        if fmt is None:
            raise CommandError(
                f"cannot tell the format of {path} from its name; pass --format jsonl or csv"
            )
        try:
            with open(path, "rb") as handle:
                report = import_records(
                    options["entity"], handle, fmt, origin_subscription_id=options["origin"]
                )
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except ImportFileError as error:
            raise CommandError(f"{path}: {error}") from None
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            # CommandError prints to stderr and exits 1; the report is already on stdout.
            raise CommandError(f"{report.failed} of {report.rows} rows failed", returncode=1)
