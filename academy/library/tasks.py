"""Background jobs of the e-library (eager when REDIS_URL is unset)."""

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from .models import ImportJob
from .services.administration import import_job_finish
from .services.cataloguing import records_import
from .services.marc import MarcFileError, parse_marc

PROGRESS_EVERY = 20  # records between two progress writes


@shared_task(name="library.run_import_job")
def run_import_job(job_pk: int) -> str:
    """IS-12 cataloguing: import the MARC21 file of a job, saving processed/total as it goes."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_pk)
    if job.is_finished:
        return job.status
    source = bytes(job.source)
    try:
        total = len(parse_marc(source))
    except MarcFileError as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        return ImportJob.Status.FAILED
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, total=total)
    pending = 0

    def progress(step: int) -> None:
        nonlocal pending
        pending += step
        if pending >= PROGRESS_EVERY:
            ImportJob.objects.filter(pk=job.pk).update(processed=F("processed") + pending)
            pending = 0

    report = records_import(source=source, by=job.created_by, progress=progress)
    job.refresh_from_db()
    import_job_finish(job=job, report=report)
    return job.status
