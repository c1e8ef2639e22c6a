"""`manage.py translations sync|check|compile` – catalogues without GNU gettext."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from academy.core import i18n


class Command(BaseCommand):
    help = "Extract messages into each app's kk/ru/en catalogues, compile them, or check them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["sync", "check", "compile"])
        parser.add_argument("--app", help="only this app (its folder name under academy/)")

    def handle(self, *args: Any, action: str, app: str | None = None, **options: Any) -> None:
        if action == "sync":
            for app_dir in i18n.app_dirs():
                if app and app_dir.name != app:
                    continue
                counts = i18n.sync_app(app_dir)
                if counts:
                    summary = ", ".join(f"{lang}: {n} untranslated" for lang, n in counts.items())
                    self.stdout.write(f"{app_dir.name}: {summary}")
            i18n.compile_project_catalogs()
        elif action == "compile":
            for app_dir in i18n.app_dirs():
                for language in i18n.LANGUAGES:
                    path = i18n.po_path(app_dir, language)
                    if path.exists():
                        catalog = i18n.read_catalog(path, language)
                        path.with_suffix(".mo").write_bytes(i18n.compile_catalog(catalog))
            i18n.compile_project_catalogs()
        else:
            problems = i18n.check_catalogs()
            for problem in problems:
                self.stdout.write(f"{problem.path}: {problem.problem}")
            if problems:
                raise CommandError(f"{len(problems)} translation problems")
            self.stdout.write("translations: all catalogues complete and compiled")
