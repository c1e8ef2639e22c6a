"""Pages of the e-library: who may open what (IS-12; IS-10 access control)."""

import pytest
from django.urls import reverse

from academy.accounts.roles import Role
from academy.library.models import Copy, Loan, Record
from academy.library.services import loan_issue
from academy.library.testing import CopyFactory, RecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


def test_anonymous_visitors_search_the_catalogue_and_see_availability(client, copy):
    response = client.get(reverse("library:search"), {"q": "конституция"})
    assert response.status_code == 200
    assert "Конституция Республики Казахстан" in response.content.decode()

    page = client.get(copy.record.get_absolute_url()).content.decode()
    assert copy.barcode in page and 'data-testid="copy-form"' not in page


def test_the_article_card_index_lists_only_articles(client):
    RecordFactory(title="Статья о медиации", kind="article")
    RecordFactory(title="Книга о медиации")
    page = client.get(reverse("library:articles"), {"q": "медиации"}).content.decode()
    assert "Статья о медиации" in page and "Книга о медиации" not in page


def test_search_results_are_paginated(client):
    RecordFactory.create_batch(25, subjects="медиация")
    first = client.get(reverse("library:search"), {"q": "медиация"})
    assert len(first.context["page"].object_list) == 20
    second = client.get(reverse("library:search"), {"q": "медиация", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_anonymous_visitors_cannot_lend_or_catalogue(client, copy):
    for name, args in [
        ("library:loan_issue", []),
        ("library:marc_import", []),
        ("library:record_create", []),
        ("library:overview", []),
    ]:
        response = client.post(reverse(name, args=args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Loan.objects.exists()


def test_a_reader_cannot_lend(client_as, reader, copy):
    response = client_as(reader.user).post(
        reverse("library:loan_issue"), {"barcode": copy.barcode, "reader": reader.card_number}
    )
    assert response.status_code == 403
    assert not Loan.objects.exists()


def test_the_librarian_lends_by_barcode_and_iin_opening_the_card(
    client_as, librarian, reader_user, copy
):
    response = client_as(librarian).post(
        reverse("library:loan_issue"), {"barcode": copy.barcode, "reader": reader_user.iin}
    )
    assert response.status_code == 302
    loan = Loan.objects.get()
    assert loan.reader.user == reader_user and loan.copy == copy


def test_lending_an_unavailable_copy_shows_the_reason(client_as, librarian, reader, copy):
    copy.status = Copy.Status.LOST
    copy.save()
    response = client_as(librarian).post(
        reverse("library:loan_issue"), {"barcode": copy.barcode, "reader": reader.card_number}
    )
    assert response.status_code == 200
    assert "is not available" in response.content.decode()


def test_a_reader_sees_only_their_own_loans(client_as, librarian, reader, other_reader):
    mine = loan_issue(
        copy=CopyFactory(record=RecordFactory(title="Моя книга")), reader=reader, by=librarian
    )
    loan_issue(
        copy=CopyFactory(record=RecordFactory(title="Чужая книга")),
        reader=other_reader,
        by=librarian,
    )
    page = client_as(reader.user).get(reverse("library:my_loans")).content.decode()
    assert "Моя книга" in page and "Чужая книга" not in page
    assert mine.due_on.strftime("%d.%m.%Y") in page


def test_a_reader_cannot_renew_another_readers_loan(client_as, librarian, reader, other_reader):
    theirs = loan_issue(copy=CopyFactory(), reader=other_reader, by=librarian)
    response = client_as(reader.user).post(reverse("library:loan_renew", args=[theirs.pk]))
    assert response.status_code == 404
    assert Loan.objects.get(pk=theirs.pk).renewals == 0


def test_a_reader_renews_their_own_loan(client_as, librarian, reader):
    loan = loan_issue(copy=CopyFactory(), reader=reader, by=librarian)
    response = client_as(reader.user).post(reverse("library:loan_renew", args=[loan.pk]))
    assert response.status_code == 302
    assert Loan.objects.get(pk=loan.pk).renewals == 1


def test_a_reader_cannot_see_the_loan_lists(client_as, reader):
    assert client_as(reader.user).get(reverse("library:loans")).status_code == 403
    assert client_as(reader.user).get(reverse("library:overdue_xlsx")).status_code == 403


def test_a_lecturer_has_no_my_loans_page(client_as, make_persona):
    assert (
        client_as(make_persona(Role.LECTURER)).get(reverse("library:my_loans")).status_code == 403
    )


def test_the_librarian_imports_a_file_and_sees_the_report(client_as, librarian, sample_mrc):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as(librarian).post(
        reverse("library:marc_import"),
        {"file": SimpleUploadedFile("sample.mrc", sample_mrc)},
    )
    page = response.content.decode()
    assert "imported: 4" in page and "Record 4:" in page and "Record 5:" in page
    assert Record.objects.count() == 4


def test_an_unreadable_upload_is_an_error_on_the_form(client_as, librarian):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as(librarian).post(
        reverse("library:marc_import"), {"file": SimpleUploadedFile("x.mrc", b"hello")}
    )
    assert response.status_code == 200
    assert "cannot be read" in response.content.decode()


def test_the_cataloguing_form_normalises_the_isbn_and_refuses_a_bad_one(client_as, librarian):
    client = client_as(librarian)
    data = {"kind": "book", "title": "Нотариат", "language": "kk", "isbn": "978-601-292-845-7"}
    response = client.post(reverse("library:record_create"), data)
    assert response.status_code == 302
    assert Record.objects.get().isbn == "9786012928457"

    bad = client.post(
        reverse("library:record_create"), {**data, "title": "Другая", "isbn": "978-601-292-845-1"}
    )
    assert "not a valid ISBN" in bad.content.decode()
    duplicate = client.post(reverse("library:record_create"), data)
    assert "already has this edition" in duplicate.content.decode()


def test_the_librarian_adds_a_copy_and_exports_marc(client_as, librarian):
    record = RecordFactory(title="Нотариат")
    client = client_as(librarian)
    client.post(
        reverse("library:copy_add", args=[record.pk]), {"barcode": "B-1", "location": "Абонемент"}
    )
    assert record.copies.get().barcode == "B-1"
    export = client.get(reverse("library:marc_export"), {"q": "нотариат"})
    assert export["Content-Type"] == "application/marc" and "Нотариат".encode() in export.content
    xml = client.get(reverse("library:marc_export"), {"format": "xml"})
    assert b"<collection" in xml.content


def test_the_overview_shows_the_charts(client_as, librarian, reader, copy):
    loan_issue(copy=copy, reader=reader, by=librarian)
    page = client_as(librarian).get(reverse("library:overview")).content.decode()
    assert 'data-testid="loans-chart"' in page and "<svg" in page
