"""Writes of administration (IS-12): the library's settings, background MARC21 imports."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.core.audit import audit_event

from ..models import ImportJob, LibrarySettings, Record
from ..roles import LIBRARY_ADMINS
from .cataloguing import ImportReport, require_librarian

DEFAULT_ASYNC_IMPORT_BYTES = 512 * 1024


@transaction.atomic
def library_settings_update(
    *, loan_limit: int, loan_days: int, reading_room_locations: str = "", by: Any
) -> LibrarySettings:
    """IS-12 administration: loan limit 1–50, loan period 1–90 days, reading-room locations."""
    if not user_has_role(by, *LIBRARY_ADMINS):
        raise ValidationError(
            _("Only a librarian or an administrator may change the library settings."),
            code="role",
        )
    row = LibrarySettings.objects.select_for_update().filter(pk=1).first() or LibrarySettings(pk=1)
    before = {"loan_limit": row.loan_limit, "loan_days": row.loan_days}
    row.loan_limit = loan_limit
    row.loan_days = loan_days
    row.reading_room_locations = "\n".join(
        line.strip() for line in reading_room_locations.splitlines() if line.strip()
    )
    row.updated_by = by
    row.full_clean(exclude=["updated_by"])
    row.save()
    audit_event(
        actor=by,
        obj=row,
        event="library_settings_changed",
        details={
            "before": before,
            "loan_limit": loan_limit,
            "loan_days": loan_days,
            "reading_room": row.reading_room_list,
        },
    )
    return row


def async_import_threshold() -> int:
    """Files larger than this many bytes are imported by a background task."""
    return int(getattr(settings, "LIBRARY_ASYNC_IMPORT_BYTES", DEFAULT_ASYNC_IMPORT_BYTES))


def import_job_start(
    *, source: bytes, filename: str, by: Any, encoding: str = "auto", marc_format: str = "auto"
) -> ImportJob:
    """Record the upload and queue the import; it runs after the upload is committed."""
    require_librarian(by)
    job = ImportJob.objects.create(
        filename=filename[:255],
        source=source,
        created_by=by,
        encoding=encoding,
        marc_format=marc_format,
        size=len(source),
    )
    audit_event(actor=by, obj=job, event="library_import_queued", details={"bytes": len(source)})
    transaction.on_commit(lambda: import_job_enqueue(job=job))
    return job


BROKER_UNREACHABLE = "broker_unreachable"


def import_job_enqueue(*, job: ImportJob) -> bool:
    """Queue the job's task; if the broker cannot be reached, fail the job at once.

    A job left "waiting" for a task that was never queued would wait forever; a failed
    job with the reason says what happened and can be retried or run in place.
    """
    from academy.core.broker import BrokerUnavailable, enqueue

    from ..tasks import run_import_job

    try:
        enqueue(run_import_job, job.pk)
    except BrokerUnavailable:
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PENDING).update(
            status=ImportJob.Status.FAILED,
            error=_("The background service could not be reached; the import did not start."),
            report={BROKER_UNREACHABLE: True},
            finished_at=timezone.now(),
        )
        return False
    return True


def import_job_can_restart(job: ImportJob) -> bool:
    """Only a job that never started because the queue was down can be restarted."""
    return job.status == ImportJob.Status.FAILED and bool(job.report.get(BROKER_UNREACHABLE))


def _require_library_admin(by: Any) -> None:
    if not user_has_role(by, *LIBRARY_ADMINS):
        raise ValidationError(
            _("Only a librarian or an administrator may restart an import."), code="role"
        )


def _reset_for_restart(job: ImportJob, by: Any) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not import_job_can_restart(job):
        raise ValidationError(
            _("Only an import that could not be queued can be restarted."), code="state"
        )
    job.status, job.error, job.report, job.finished_at = ImportJob.Status.PENDING, "", {}, None
    job.save(update_fields=["status", "error", "report", "finished_at"])
    audit_event(actor=by, obj=job, event="library_import_restarted", details={})
    return job


@transaction.atomic
def import_job_retry(*, job: ImportJob, by: Any) -> ImportJob:
    """Queue again an import whose queueing failed (it fails again at once if still down)."""
    _require_library_admin(by)
    job = _reset_for_restart(job, by)
    transaction.on_commit(lambda: import_job_enqueue(job=job))
    return job


def import_job_run_in_place(*, job: ImportJob, by: Any) -> ImportJob:
    """Run an import whose queueing failed right here, without the background service."""
    from ..tasks import run_import_job

    _require_library_admin(by)
    with transaction.atomic():
        job = _reset_for_restart(job, by)
    run_import_job.apply(args=(job.pk,), throw=True)
    job.refresh_from_db()
    return job


def report_as_json(report: ImportReport) -> dict[str, Any]:
    def lines(items: list[Any]) -> list[dict[str, Any]]:
        return [{"number": line.number, "reason": line.reason} for line in items]

    return {
        "total": report.total,
        "imported_count": report.imported_count,
        "imported": [
            {"number": line.number, "record": line.record.pk if line.record else None}
            for line in report.imported
        ],
        "duplicates": lines(report.duplicates),
        "rejected": lines(report.rejected),
        "warnings": lines(report.warnings),
    }


def import_job_finish(*, job: ImportJob, report: ImportReport) -> ImportJob:
    job.report = report_as_json(report)
    job.processed = report.total
    job.total = report.total
    job.position = job.size
    job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.source = b""  # the records are in the catalogue now; the upload need not be kept
    job.save(
        update_fields=[
            "report",
            "processed",
            "total",
            "position",
            "status",
            "finished_at",
            "source",
        ]
    )
    return job


def report_from_json(data: dict[str, Any]) -> ImportReport:
    """The stored report with its records, for the same template as a direct import."""
    from .cataloguing import ImportLine

    records = Record.objects.in_bulk([x["record"] for x in data.get("imported", []) if x["record"]])
    return ImportReport(
        total=data.get("total", 0),
        imported_count=data.get("imported_count", len(data.get("imported", []))),
        imported=[
            ImportLine(x["number"], record=records.get(x["record"]))
            for x in data.get("imported", [])
            if records.get(x["record"])
        ],
        duplicates=[ImportLine(x["number"], x["reason"]) for x in data.get("duplicates", [])],
        rejected=[ImportLine(x["number"], x["reason"]) for x in data.get("rejected", [])],
        warnings=[ImportLine(x["number"], x["reason"]) for x in data.get("warnings", [])],
    )
