from django.utils.translation import gettext_lazy as _

from academy.core.navigation import Tile, register_tiles

from .roles import LIBRARY_STAFF, READER_ROLES

register_tiles(
    [
        Tile(
            _("E-library"),
            _("Catalogue, MARC21 import, reader cards, lending and overdue loans, with figures."),
            "library:overview",
            frozenset(LIBRARY_STAFF),
        ),
        Tile(
            _("My loans"),
            _("The books you hold from the library, their due dates, renewal."),
            "library:my_loans",
            frozenset(READER_ROLES),
        ),
        Tile(
            _("Electronic catalogue"),
            _("Search books, codes, commentaries and journal articles of the library."),
            "library:search",
        ),
    ]
)
