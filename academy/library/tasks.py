"""Background jobs of the e-library (eager when REDIS_URL is unset)."""

from celery import shared_task
from django.utils import timezone

from .models import ImportJob
from .services.administration import import_job_finish
from .services.cataloguing import records_import
from .services.marc import MarcFileError


@shared_task(name="library.run_import_job")
def run_import_job(job_pk: int) -> str:
    """IS-12 cataloguing: import the MARC21 file of a job, saving processed/total as it goes."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_pk)
    if job.is_finished:
        return job.status
    source = bytes(job.source)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, size=len(source))

    def progress(position: int, processed: int) -> None:
        # One write per batch of records: the page shows the share of the file read.
        ImportJob.objects.filter(pk=job.pk).update(position=position, processed=processed)

    try:
        report = records_import(
            source=source,
            by=job.created_by,
            encoding=job.encoding,
            progress=progress,
            marc_format=job.marc_format,
        )
    except MarcFileError as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        return ImportJob.Status.FAILED
    job.refresh_from_db()
    import_job_finish(job=job, report=report)
    return job.status


@shared_task(name="library.send_overdue_notices")
def send_overdue_notices() -> int:
    """IS-12 lending: the daily overdue notices (CELERY_BEAT_SCHEDULE in settings)."""
    from .services.circulation import overdue_notices_send

    return overdue_notices_send()
