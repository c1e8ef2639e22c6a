from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryEdocsConfig(AppConfig):
    name = "academy.library.edocs"
    label = "library_edocs"
    verbose_name = _("E-library: electronic documents")

    def ready(self) -> None:
        # The OPAC's search also finds records by the text of their documents.
        from academy.library import selectors

        from .selectors import records_matching_documents

        if records_matching_documents not in selectors.SEARCH_EXTENSIONS:
            selectors.SEARCH_EXTENSIONS.append(records_matching_documents)
