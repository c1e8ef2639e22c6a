"""Administration (IS-12): the library settings used by lending, background MARC imports."""

from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.accounts.roles import Role
from academy.library.models import Copy, ImportJob, LibrarySettings, Record
from academy.library.services import (
    copy_add,
    due_date,
    import_job_start,
    library_settings_update,
    loan_issue,
    loan_limit,
)
from academy.library.testing import CopyFactory, RecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


def test_the_defaults_come_from_the_project_settings(settings):
    settings.LIBRARY_LOAN_LIMIT = 7
    settings.LIBRARY_LOAN_DAYS = 21
    current = LibrarySettings.current()
    assert (current.loan_limit, current.loan_days) == (7, 21)
    assert not LibrarySettings.objects.exists()  # reading saves nothing


@pytest.mark.parametrize(
    ("limit", "days", "field"),
    [(0, 14, "loan_limit"), (51, 14, "loan_limit"), (5, 0, "loan_days"), (5, 91, "loan_days")],
)
def test_settings_out_of_range_are_refused(librarian, limit, days, field):
    with pytest.raises(ValidationError) as error:
        library_settings_update(loan_limit=limit, loan_days=days, by=librarian)
    assert field in error.value.message_dict
    assert not LibrarySettings.objects.exists()


def test_settings_at_the_bounds_are_saved_and_audited(librarian):
    library_settings_update(loan_limit=50, loan_days=90, by=librarian)
    library_settings_update(loan_limit=1, loan_days=1, by=librarian)
    row = LibrarySettings.objects.get()
    assert (row.pk, row.loan_limit, row.loan_days) == (1, 1, 1)
    assert LogEntry.objects.filter(additional_data__event="library_settings_changed").count() == 2


def test_an_administrator_may_change_the_settings_a_reader_may_not(make_persona, reader_user):
    library_settings_update(loan_limit=3, loan_days=7, by=make_persona(Role.ADMINISTRATOR))
    with pytest.raises(ValidationError, match="librarian or an administrator"):
        library_settings_update(loan_limit=9, loan_days=7, by=reader_user)
    assert LibrarySettings.objects.get().loan_limit == 3


def test_lending_uses_the_saved_limit(librarian, reader):
    library_settings_update(loan_limit=1, loan_days=14, by=librarian)
    assert loan_limit() == 1
    loan_issue(copy=CopyFactory(), reader=reader, by=librarian)
    with pytest.raises(ValidationError, match="already holds 1 loans"):
        loan_issue(copy=CopyFactory(), reader=reader, by=librarian)


@time_machine.travel("2026-03-02 10:00 +05:00")  # a Monday
def test_lending_uses_the_saved_loan_period(librarian, reader):
    library_settings_update(loan_limit=5, loan_days=3, by=librarian)
    loan = loan_issue(copy=CopyFactory(), reader=reader, by=librarian)
    assert loan.due_on == date(2026, 3, 5) == due_date(date(2026, 3, 2))


def test_a_copy_added_to_a_reading_room_location_is_not_lent(librarian, reader):
    library_settings_update(
        loan_limit=5,
        loan_days=14,
        reading_room_locations="Оқу залы\n\nЧитальный зал ",
        by=librarian,
    )
    copy = copy_add(record=RecordFactory(), barcode="RR-1", location="Читальный зал", by=librarian)
    assert copy.status == Copy.Status.REFERENCE
    with pytest.raises(ValidationError, match="not available"):
        loan_issue(copy=copy, reader=reader, by=librarian)


# ---------------------------------------------------------------- pages ----


def test_the_settings_page_saves_and_shows_errors(client_as, librarian):
    client = client_as(librarian)
    url = reverse("library:settings")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"loan_limit": 60, "loan_days": 14})
    assert bad.status_code == 200 and "loan_limit" in bad.context["form"].errors
    good = client.post(url, {"loan_limit": 4, "loan_days": 10, "reading_room_locations": "Зал"})
    assert good.status_code == 302
    assert LibrarySettings.objects.get().loan_limit == 4


def test_settings_and_statistics_are_for_the_librarian_and_administrator(
    client_as, librarian, reader_user, make_persona
):
    admin = make_persona(Role.ADMINISTRATOR)
    for name in ("library:settings", "library:statistics"):
        assert client_as(librarian).get(reverse(name)).status_code == 200
        assert client_as(admin).get(reverse(name)).status_code == 200
        assert client_as(reader_user).get(reverse(name)).status_code == 403
        assert client_as(make_persona(Role.LECTURER)).get(reverse(name)).status_code == 403


def test_the_statistics_page_shows_the_figures(client_as, librarian, reader):
    CopyFactory.create_batch(2)
    loan_issue(copy=CopyFactory(), reader=reader, by=librarian)
    response = client_as(librarian).get(reverse("library:statistics"))
    assert response.context["figures"]["readers"] == 1
    statuses = dict(response.context["status_rows"])
    assert statuses["Available"] == 2 and statuses["On loan"] == 1
    assert len(response.context["loan_rows"]) == 12
    page = response.content.decode()
    assert 'data-testid="status-chart"' in page and "<svg" in page


# ---------------------------------------------------------------- import job ----


def test_a_large_upload_becomes_a_job_with_its_report(
    client_as, librarian, sample_mrc, settings, django_capture_on_commit_callbacks
):
    settings.LIBRARY_ASYNC_IMPORT_BYTES = 10
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(librarian).post(
            reverse("library:marc_import"),
            {"file": SimpleUploadedFile("sample.mrc", sample_mrc)},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.processed, job.total) == (7, 7)
    assert len(job.report["imported"]) == 4 and len(job.report["rejected"]) == 1
    assert job.position == job.size == len(sample_mrc)
    assert Record.objects.count() == 4

    page = client_as(librarian).get(job.get_absolute_url()).content.decode()
    assert "Processed 7 of 7 records" in page
    assert "imported: 4" in page and "Record 5: invalid ISBN" in page
    assert "hx-trigger" not in page  # a finished job is not polled


def test_a_small_upload_is_imported_at_once(client_as, librarian, sample_mrc):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as(librarian).post(
        reverse("library:marc_import"), {"file": SimpleUploadedFile("s.mrc", sample_mrc)}
    )
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert "imported: 4" in response.content.decode()


def test_a_job_with_an_unreadable_file_fails_with_the_reason(
    librarian, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(source=b"not marc at all", filename="x.mrc", by=librarian)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "not a MARC21 file" in job.error


def test_a_running_job_page_polls_and_shows_progress(client_as, librarian):
    job = ImportJob.objects.create(
        filename="big.mrc", source=b"", status=ImportJob.Status.RUNNING, processed=40,
        size=2000, position=500, created_by=librarian,
    )  # fmt: skip
    page = client_as(librarian).get(job.get_absolute_url()).content.decode()
    # The file is parsed once: progress is the share of its bytes read so far.
    assert "Processed 40 records (25% of the file)" in page and 'hx-trigger="every 2s"' in page


def test_only_the_librarian_sees_import_jobs(client_as, librarian, reader_user):
    job = ImportJob.objects.create(filename="a.mrc", source=b"", created_by=librarian)
    assert client_as(reader_user).get(job.get_absolute_url()).status_code == 403
