"""`manage.py import_questions PATH --format gift|moodlexml|aiken|qti [--category NAME]`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from academy.exams.services import formats
from academy.exams.services.bank import category_get_or_create, questions_import


class Command(BaseCommand):
    help = "Import questions into the bank; invalid questions are listed, valid ones imported."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--format", required=True, choices=sorted(formats.PARSERS))
        parser.add_argument("--category", help="category path, e.g. 'Civil law / Contracts'")

    def handle(
        self, *args: Any, path: str, format: str, category: str | None, **options: Any
    ) -> None:
        try:
            source = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        items, problems = formats.parse(source, format)
        fatal = [p for p in problems if p.fatal]
        if fatal:
            raise CommandError(f"cannot read {path}: line {fatal[0].line}: {fatal[0].reason}")
        target = category_get_or_create(path=category) if category else None
        with tqdm(total=len(items), unit="q", file=self.stderr, disable=None) as bar:
            report = questions_import(
                items=items, problems=problems, category=target, by=None, progress=bar
            )
        self.stdout.write(
            f"imported: {len(report.imported)}, duplicates skipped: {len(report.duplicates)}, "
            f"rejected: {len(report.rejected)}"
        )
        for problem in report.duplicates:
            self.stdout.write(f"  duplicate at line {problem.line}")
        for problem in report.rejected:
            self.stdout.write(f"  rejected at line {problem.line}: {problem.reason}")
