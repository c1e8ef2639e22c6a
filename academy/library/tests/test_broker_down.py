"""IS-6/IS-12: with the task queue (Redis) down, a MARC import says so at once and can be rerun."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from academy.core.testing import broker_unreachable
from academy.library.models import ImportJob, Record
from academy.library.services import import_job_retry, import_job_run_in_place, import_job_start

pytestmark = [pytest.mark.clause("IS-12")]


@pytest.fixture
def failed_job(librarian, sample_mrc, django_capture_on_commit_callbacks):
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(source=sample_mrc, filename="big.mrc", by=librarian)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_a_job_fails_at_once_when_the_broker_cannot_be_reached(
    librarian, sample_mrc, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(source=sample_mrc, filename="big.mrc", by=librarian)
    assert time.monotonic() - started < 5
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED  # not "waiting" forever
    assert "could not be reached" in job.error
    assert job.finished_at is not None and bytes(job.source) == sample_mrc  # kept for a rerun


@pytest.mark.django_db(transaction=True)
def test_the_librarian_is_told_at_once_and_offered_a_retry(
    client_as, librarian, sample_mrc, settings
):
    settings.LIBRARY_ASYNC_IMPORT_BYTES = 10
    client = client_as(librarian)
    with broker_unreachable():
        response = client.post(
            reverse("library:marc_import"), {"file": SimpleUploadedFile("big.mrc", sample_mrc)}
        )
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The background service could not be reached" in page
    assert 'data-testid="job-broker-down"' in page
    assert reverse("library:import_job_restart", args=[job.pk]) in page
    assert "hx-trigger" not in page  # a failed job is not polled


@pytest.mark.django_db
def test_a_retry_while_the_broker_is_still_down_fails_again(
    failed_job, administrator, django_capture_on_commit_callbacks
):
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        import_job_retry(job=failed_job, by=administrator)
    failed_job.refresh_from_db()
    assert failed_job.status == ImportJob.Status.FAILED and failed_job.report["broker_unreachable"]


@pytest.mark.django_db
def test_a_retry_once_the_broker_is_back_imports_the_file(
    failed_job, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery: the queue works
        import_job_retry(job=failed_job, by=administrator)
    failed_job.refresh_from_db()
    assert failed_job.status == ImportJob.Status.DONE and Record.objects.count() == 4


@pytest.mark.django_db
def test_an_administrator_runs_the_job_in_place_while_the_broker_is_down(
    client_as, failed_job, administrator
):
    with broker_unreachable():
        response = client_as(administrator).post(
            reverse("library:import_job_restart", args=[failed_job.pk]), {"in_place": "1"}
        )
    assert response.status_code == 302
    failed_job.refresh_from_db()
    assert failed_job.status == ImportJob.Status.DONE
    assert (failed_job.processed, failed_job.total) == (7, 7) and Record.objects.count() == 4


@pytest.mark.django_db
def test_a_finished_job_cannot_be_restarted(client_as, librarian, failed_job, administrator):
    import_job_run_in_place(job=failed_job, by=administrator)
    response = client_as(librarian).post(
        reverse("library:import_job_restart", args=[failed_job.pk]), {"in_place": "1"}
    )
    assert response.status_code == 302
    assert Record.objects.count() == 4  # not imported twice (the bad-ISBN record is kept, 020 $z)


@pytest.mark.django_db
def test_a_reader_cannot_restart_a_job(client_as, make_persona, failed_job):
    from academy.accounts.roles import Role

    reader = make_persona(Role.READER)
    response = client_as(reader).post(
        reverse("library:import_job_restart", args=[failed_job.pk]), {"in_place": "1"}
    )
    assert response.status_code == 403
    failed_job.refresh_from_db()
    assert failed_job.status == ImportJob.Status.FAILED
