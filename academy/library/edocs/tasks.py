"""Background extraction of the documents' text (eager when REDIS_URL is unset)."""

from celery import shared_task
from django.utils import timezone

from .models import AttachBatch
from .services import documents_extract


@shared_task(name="library_edocs.extract_documents")
def extract_documents(document_pks: list[int], batch_pk: int | None = None) -> int:
    """Extract the text of the documents, counting progress on their batch as it goes."""
    if batch_pk is not None:
        AttachBatch.objects.filter(pk=batch_pk).update(status=AttachBatch.Status.RUNNING)

    def progress(done: int) -> None:
        if batch_pk is not None:
            AttachBatch.objects.filter(pk=batch_pk).update(processed=done)

    done = documents_extract(document_pks, progress)
    if batch_pk is not None:
        AttachBatch.objects.filter(pk=batch_pk).update(
            status=AttachBatch.Status.DONE, processed=done, finished_at=timezone.now()
        )
    return done
