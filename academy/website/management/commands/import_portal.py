from typing import Any

from django.core.management.base import BaseCommand

from academy.website import importer


class Command(BaseCommand):
    help = "Move the old portal's published pages, news and events into the Wagtail website."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = importer.import_portal()
        self.stdout.write(
            "Imported {pages} pages, {news} news items and {events} events.".format(**counts)
        )
