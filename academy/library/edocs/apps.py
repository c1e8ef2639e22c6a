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

        from django.db.models.signals import post_delete

        from .models import Document
        from .services import document_file_forget

        # A record deleted takes its documents along (CASCADE): their files go too.
        post_delete.connect(document_file_forget, sender=Document, dispatch_uid="edocs_file")
