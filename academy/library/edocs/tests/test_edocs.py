import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from academy.library import selectors as library_selectors
from academy.library.edocs import services
from academy.library.edocs.models import Access, AttachBatch, Document, ExtractionStatus
from academy.library.edocs.testing import make_docx, make_epub, make_pdf
from academy.library.models import Reader
from academy.library.testing import RecordFactory

PDF_TEXT = "Тәуелсіздік туралы\nНезависимость судей и судебная этика"


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _attach(record, by, name="ethics.pdf", data=None, access=Access.READERS, capture=None):
    data = make_pdf(PDF_TEXT) if data is None else data
    with capture(execute=True):
        document = services.document_attach(
            record=record, upload=_upload(name, data), by=by, access=access
        )
    document.refresh_from_db()
    return document


# ---------------------------------------------------------------- extraction ----


@pytest.mark.clause("IS-12")
@pytest.mark.parametrize(
    ("name", "maker"),
    [("ethics.pdf", make_pdf), ("ethics.docx", make_docx), ("ethics.epub", make_epub)],
)
def test_it_extracts_the_text_of_each_format(
    record, librarian, django_capture_on_commit_callbacks, name, maker
):
    data = maker(PDF_TEXT)
    document = _attach(
        record, librarian, name=name, data=data, capture=django_capture_on_commit_callbacks
    )
    assert document.status == ExtractionStatus.DONE
    assert "Независимость судей" in document.text
    assert "тауелсиздик" in document.search_text  # folded as the catalogue's index is
    assert document.format == name.rsplit(".", 1)[1]
    assert document.file.read() == data


# ---------------------------------------------------------------- bad uploads ----


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ethics.pdf", b"MZ\x90\x00" + b"\x00" * 200, "ethics.pdf: the file is not a PDF"),
        ("ethics.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "ethics.pdf: the PDF is damaged"),
        ("ethics.docx", b"PK\x03\x04" + b"\x00" * 100, "ethics.docx: the DOCX is damaged"),
        ("ethics.epub", make_docx("not a book"), "ethics.epub: the EPUB is damaged"),
        ("ethics.txt", b"plain text", "ethics.txt: only PDF, DOCX and EPUB"),
        ("ethics.pdf", b"", "ethics.pdf: the file is empty"),
    ],
)
def test_it_refuses_a_bad_upload_naming_the_file(record, librarian, name, data, message):
    with pytest.raises(ValidationError) as error:
        services.document_attach(record=record, upload=_upload(name, data), by=librarian)
    assert message in " ".join(error.value.messages)
    assert not Document.objects.exists()


def test_it_refuses_a_file_above_the_size_limit(record, librarian, settings):
    settings.LIBRARY_EDOCS_MAX_SIZE = 1024 * 1024
    data = make_pdf(PDF_TEXT) + b"\n%" + b"x" * (1024 * 1024)
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        services.document_attach(record=record, upload=_upload("big.pdf", data), by=librarian)


def test_only_a_librarian_attaches(record, reader_user):
    with pytest.raises(ValidationError, match="Only a librarian"):
        services.document_attach(
            record=record, upload=_upload("a.pdf", make_pdf("x")), by=reader_user
        )


def test_the_page_shows_the_error_of_a_damaged_pdf(client, record, librarian):
    client.force_login(librarian)
    url = reverse("library_edocs:record_documents", args=[record.pk])
    response = client.post(
        url, {"file": _upload("act.pdf", b"%PDF-1.4\ngarbage"), "access": "readers"}
    )
    assert response.status_code == 200
    assert "act.pdf: the PDF is damaged and cannot be read" in response.content.decode()
    assert not Document.objects.exists()


# ---------------------------------------------------------------- access rules ----


@pytest.fixture
def restricted(record, librarian, django_capture_on_commit_callbacks):
    return _attach(record, librarian, capture=django_capture_on_commit_callbacks)


@pytest.mark.clause("IS-12")
def test_an_anonymous_visitor_is_sent_to_log_in_for_a_restricted_document(client, restricted):
    for name in ("library_edocs:read", "library_edocs:file"):
        response = client.get(reverse(name, args=[restricted.pk]))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    restricted.refresh_from_db()
    assert restricted.downloads == 0


def test_anyone_reads_an_open_access_document(
    client, record, librarian, django_capture_on_commit_callbacks
):
    document = _attach(
        record, librarian, access=Access.OPEN, capture=django_capture_on_commit_callbacks
    )
    response = client.get(reverse("library_edocs:file", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.clause("IS-12")
def test_a_reader_with_a_valid_card_downloads_and_the_download_is_counted(
    client, restricted, reader
):
    client.force_login(reader.user)
    assert client.get(reverse("library_edocs:read", args=[restricted.pk])).status_code == 200
    response = client.get(reverse("library_edocs:file", args=[restricted.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    inline = client.get(reverse("library_edocs:file", args=[restricted.pk]) + "?inline=1")
    assert "inline" in inline["Content-Disposition"]
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    restricted.refresh_from_db()
    assert restricted.downloads == 1  # the viewer's inline copy is not a download


def test_a_reader_without_a_card_is_refused(client, restricted, reader_user):
    client.force_login(reader_user)
    response = client.get(reverse("library_edocs:file", args=[restricted.pk]))
    assert response.status_code == 403
    assert "ask for a card" in response.content.decode()


@pytest.mark.clause("IS-12")
def test_an_expired_card_cannot_download(client, restricted, reader):
    Reader.objects.filter(pk=reader.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    client.force_login(reader.user)
    response = client.get(reverse("library_edocs:file", args=[restricted.pk]))
    assert response.status_code == 403
    assert "expired" in response.content.decode()
    restricted.refresh_from_db()
    assert restricted.downloads == 0


def test_a_blocked_card_cannot_download(client, restricted, reader):
    Reader.objects.filter(pk=reader.pk).update(blocked_reason="Кітап жоғалды")
    client.force_login(reader.user)
    assert client.get(reverse("library_edocs:file", args=[restricted.pk])).status_code == 403


def test_a_staff_only_document_is_refused_to_readers_and_served_to_librarians(
    client, restricted, reader, librarian
):
    services.document_access_update(document=restricted, access=Access.STAFF, by=librarian)
    client.force_login(reader.user)
    assert client.get(reverse("library_edocs:file", args=[restricted.pk])).status_code == 403
    client.force_login(librarian)
    assert client.get(reverse("library_edocs:file", args=[restricted.pk])).status_code == 200


def test_the_record_page_lists_its_documents(client, restricted):
    response = client.get(reverse("library:record_detail", args=[restricted.record_id]))
    assert reverse("library_edocs:read", args=[restricted.pk]) in response.content.decode()


# ---------------------------------------------------------------- search ----


@pytest.mark.clause("IS-12")
def test_the_opac_finds_a_record_by_the_text_of_its_document(
    record, librarian, django_capture_on_commit_callbacks
):
    other = RecordFactory(title="Гражданский процесс", language="ru")
    assert list(library_selectors.records_search(q="независимость")) == []
    _attach(record, librarian, capture=django_capture_on_commit_callbacks)
    assert list(library_selectors.records_search(q="независимость судей")) == [record]
    assert list(library_selectors.records_search(q="тәуелсіздік")) == [record]
    assert list(library_selectors.records_search(q="Гражданский")) == [other]


# ---------------------------------------------------------------- bulk ----


def test_a_zip_attaches_the_good_files_and_names_the_refused_ones(
    librarian, django_capture_on_commit_callbacks
):
    book = RecordFactory(title="Конституция", isbn="9786010000001")
    book.numbers.create(scheme="isbn", value="9786010000001")
    article = RecordFactory(title="Статья")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("978-601-00-0000-1.pdf", make_pdf("Конституция Республики"))
        archive.writestr(f"{article.pk}.epub", make_epub("Статья о судах"))
        archive.writestr("broken.pdf", b"%PDF-1.4 broken")
        archive.writestr("99999999.pdf", make_pdf("nobody"))
        archive.writestr(f"{article.pk}.exe", b"MZ")
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.documents_attach_zip(
            upload=_upload("docs.zip", buffer.getvalue()), by=librarian
        )
    batch.refresh_from_db()
    assert batch.status == AttachBatch.Status.DONE
    assert (batch.total, batch.processed) == (2, 2)
    refused = {item["name"]: item["error"] for item in batch.report}
    assert set(refused) == {"broken.pdf", "99999999.pdf", f"{article.pk}.exe"}
    assert "no catalogue record" in refused["99999999.pdf"]
    assert {d.record for d in Document.objects.all()} == {book, article}
    assert all(d.status == ExtractionStatus.DONE for d in Document.objects.all())


def test_the_batch_page_shows_progress_and_refusals(client, librarian):
    batch = AttachBatch.objects.create(
        filename="docs.zip", total=4, processed=1, created_by=librarian,
        report=[{"name": "x.doc", "error": "only PDF, DOCX and EPUB documents can be attached."}],
    )  # fmt: skip
    client.force_login(librarian)
    page = client.get(reverse("library_edocs:batch", args=[batch.pk])).content.decode()
    assert "25%" in page and "x.doc" in page


def test_removing_a_document_or_its_record_removes_the_file(
    record, librarian, django_capture_on_commit_callbacks
):
    first = _attach(record, librarian, capture=django_capture_on_commit_callbacks)
    second = _attach(record, librarian, capture=django_capture_on_commit_callbacks)
    storage = first.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=first, by=librarian)
    assert not storage.exists(first.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        record.delete()
    assert not storage.exists(second.file.name)
    assert not Document.objects.exists()


def test_the_record_page_shows_856_as_a_link_and_never_a_script(client, db):
    record = RecordFactory(
        marc={
            "leader": "00000nam a2200000 a 4500",
            "fields": [
                {"245": {"ind1": "0", "ind2": "0", "subfields": [{"a": "Online"}]}},
                {"856": {"ind1": "4", "ind2": "0", "subfields": [
                    {"u": "https://adilet.zan.kz/rus/docs/K950001000_"}, {"y": "Adilet"}]}},
                {"856": {"ind1": "4", "ind2": "0", "subfields": [{"u": "javascript:alert(1)"}]}},
            ],
        }
    )  # fmt: skip
    page = client.get(reverse("library:record_detail", args=[record.pk])).content.decode()
    assert 'href="https://adilet.zan.kz/rus/docs/K950001000_"' in page
    assert ">Adilet</a>" in page
    assert "javascript:alert" not in page


def test_the_demo_attaches_two_readable_documents_once(db):
    from academy.library.edocs import demo

    RecordFactory.create_batch(2)
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    documents = list(Document.objects.order_by("pk"))
    assert [d.access for d in documents] == [Access.OPEN, Access.READERS]
    assert all(d.status == ExtractionStatus.DONE for d in documents)


def test_the_librarian_pages_render(client, restricted, librarian):
    client.force_login(librarian)
    for url in (
        reverse("library_edocs:record_documents", args=[restricted.record_id]),
        reverse("library_edocs:batch_new"),
        reverse("library_edocs:read", args=[restricted.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        "ethics.pdf"
        in client.get(
            reverse("library_edocs:record_documents", args=[restricted.record_id])
        ).content.decode()
    )


def test_a_zip_is_attached_through_the_page(client, librarian, record):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{record.pk}.docx", make_docx("Сот әдебі"))
    client.force_login(librarian)
    response = client.post(
        reverse("library_edocs:batch_new"),
        {"file": _upload("docs.zip", buffer.getvalue()), "access": "open"},
        follow=True,
    )
    assert response.status_code == 200
    assert Document.objects.get().access == Access.OPEN
