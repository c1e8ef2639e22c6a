"""The circulation desk and the copies' labels (IS-12 lending and cataloguing, issue 17)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from academy.library.models import Copy, Fine, Loan
from academy.library.services import loan_issue
from academy.library.testing import CopyFactory, RecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


def test_the_desk_is_for_librarians(client, client_as, reader):
    assert client.get(reverse("library:desk")).status_code == 302
    assert client_as(reader.user).get(reverse("library:desk")).status_code == 403
    assert client_as(reader.user).post(reverse("library:desk_return")).status_code == 403


def test_the_desk_lends_by_card_and_barcode_and_returns_by_barcode(
    client_as, librarian, reader, copy
):
    desk = client_as(librarian)
    page = desk.get(reverse("library:desk"), {"card": reader.card_number})
    assert page.context["desk"].reader == reader
    response = desk.post(
        reverse("library:desk_lend"),
        {"card": reader.card_number, "barcode": copy.barcode},
        follow=True,
    )
    loan = Loan.objects.get()
    assert f"Copy {copy.barcode} is lent until" in response.content.decode()
    assert response.context["desk"].loans == [loan]

    response = desk.post(reverse("library:desk_return"), {"barcode": copy.barcode}, follow=True)
    assert f"Copy {copy.barcode} is returned." in response.content.decode()
    assert Loan.objects.get().returned_at is not None
    # Back on the reader's screen, though only the barcode was scanned.
    assert response.context["desk"].reader == reader


def test_the_desk_finds_a_reader_by_iin_and_says_what_it_cannot_find(client_as, librarian, reader):
    desk = client_as(librarian)
    assert (
        desk.get(reverse("library:desk"), {"card": reader.user.iin}).context["desk"].reader
        == reader
    )
    missing = desk.get(reverse("library:desk"), {"card": "AJ-999999"}).content.decode()
    assert "No reader card or IIN “AJ-999999”." in missing
    response = desk.post(reverse("library:desk_return"), {"barcode": "NOPE"}, follow=True)
    assert "Copy “NOPE” is not on loan." in response.content.decode()


def test_the_desk_shows_why_lending_is_refused(client_as, librarian, reader, copy):
    reader.expires_on = date(2020, 1, 31)
    reader.save()
    desk = client_as(librarian)
    page = desk.get(reverse("library:desk"), {"card": reader.card_number}).content.decode()
    assert "Lending is refused:" in page and "expired on 31.01.2020" in page
    response = desk.post(
        reverse("library:desk_lend"),
        {"card": reader.card_number, "barcode": copy.barcode},
        follow=True,
    )
    assert "expired on 31.01.2020" in response.content.decode()
    assert not Loan.objects.exists()
    desk.post(reverse("library:desk_card_renew", args=[reader.pk]))
    reader.refresh_from_db()
    assert reader.expires_on > date.today()


def test_the_desk_renews_marks_lost_and_records_payment(client_as, librarian, reader, copy):
    loan = loan_issue(copy=copy, reader=reader, by=librarian)
    desk = client_as(librarian)
    renewed = desk.post(reverse("library:desk_renew", args=[loan.pk]), follow=True)
    assert "The loan is renewed until" in renewed.content.decode()
    bad = desk.post(reverse("library:desk_lost", args=[loan.pk]), {"amount": "lots"}, follow=True)
    assert "Enter the amount owed in tenge." in bad.content.decode()
    desk.post(reverse("library:desk_lost", args=[loan.pk]), {"amount": "3500,50"})
    fine = Fine.objects.get()
    assert fine.amount == Decimal("3500.50") and Copy.objects.get().status == "lost"
    desk.post(reverse("library:desk_fine_pay", args=[fine.pk]))
    assert Fine.objects.get().paid_at is not None
    desk.post(reverse("library:desk_block", args=[reader.pk]), {"reason": "  no ID  "})
    reader.refresh_from_db()
    assert reader.blocked_reason == "no ID"


# ---------------------------------------------------------------- labels ----


def test_labels_of_a_records_copies_are_a_pdf_in_a_font_with_kazakh_letters(client_as, librarian):
    record = RecordFactory(title="Қазақстан Республикасының Азаматтық кодексі")
    for number in range(26):  # more than one sheet of 24
        CopyFactory(record=record, barcode=f"KZ{number:04d}", shelf_mark="67.404 С89")
    CopyFactory(record=record, barcode="GONE", status=Copy.Status.WITHDRAWN)
    response = client_as(librarian).get(reverse("library:copy_labels"), {"record": record.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) == 2
    text = pdf.pages[0].extract_text()
    assert "67.404 С89" in text and "KZ0000" in text and "Қазақстан" in text
    assert "GONE" not in "".join(page.extract_text() for page in pdf.pages)
    fonts = [f.get_object()["/BaseFont"] for f in pdf.pages[0]["/Resources"]["/Font"].values()]
    assert any("DejaVuSans" in str(name) for name in fonts)


def test_labels_by_barcodes_and_only_for_librarians(client_as, librarian, reader):
    CopyFactory(barcode="A-1")
    CopyFactory(barcode="A-2")
    url = reverse("library:copy_labels")
    assert client_as(reader.user).get(url, {"barcodes": "A-1"}).status_code == 403
    response = client_as(librarian).get(url, {"barcodes": "A-1, A-2"})
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "A-1" in text and "A-2" in text
    empty = client_as(librarian).get(url)
    assert empty.status_code == 400 and "No copy to label" in empty.content.decode()
