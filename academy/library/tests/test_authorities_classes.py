"""Authority records, linked headings and UDC/BBK classification (IS-12, issue 17)."""

import pymarc
import pytest
from django.urls import reverse
from pymarc import Field, Indicators, Subfield

from academy.library.models import Authority, Record, RecordClass, RecordHeading
from academy.library.services import record_update, records_import
from academy.library.services.authorities import (
    authorities_from_catalogue,
    authorities_import,
    class_numbers,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


def _field(tag, ind, *pairs):
    return Field(tag=tag, indicators=Indicators(*ind), subfields=[Subfield(c, v) for c, v in pairs])


def authority(control, heading, *see_from, note=""):
    record = pymarc.Record(force_utf8=True, leader="00000nz  a2200000n  4500")
    record.add_field(Field(tag="001", data=control))
    record.add_field(heading)
    for form in see_from:
        record.add_field(form)
    if note:
        record.add_field(_field("670", "  ", ("a", note)))
    return record.as_marc()


def bibliographic(title, *fields):
    record = pymarc.Record(force_utf8=True, leader="00000nam a2200000 i 4500")
    record.add_field(_field("245", "10", ("a", title)))
    for fld in fields:
        record.add_field(fld)
    return record.as_marc()


AUTHORITIES = b"".join(
    [
        authority(
            "n80-001",
            _field("100", "1 ", ("a", "Сулейменов, Майдан Кунтуарович,"), ("d", "1940-")),
            _field("400", "1 ", ("a", "Suleimenov, Maidan,"), ("d", "1940-")),
            note="Гражданское право Казахстана, 2020",
        ),
        authority("sh-002", _field("150", " 0", ("a", "Судебная этика"))),
        authority(
            "sh-003",
            _field("151", " 0", ("a", "Қазақстан")),
            _field("451", " 0", ("a", "Казахстан")),
        ),  # fmt: skip
        authority("bad-004", _field("370", "  ", ("a", "no heading"))),
    ]
)

CATALOGUE = b"".join(
    [
        bibliographic(
            "Гражданское право",
            _field("080", "  ", ("a", "347.1")),
            _field("084", "  ", ("a", "67.404"), ("2", "rubbk")),
            _field(
                "100",
                "1 ",
                ("a", "Сулейменов, Майдан Кунтуарович,"),
                ("d", "1940-"),
                ("e", "author."),
            ),  # fmt: skip
        ),
        bibliographic(
            "Civil law of Kazakhstan",
            _field("080", "  ", ("a", "347(574)")),
            _field("084", "  ", ("a", "KJC"), ("2", "lcc")),  # not BBK: not a class number here
            _field("700", "1 ", ("a", "Suleimenov, Maidan,"), ("d", "1940-")),
            _field("650", " 0", ("a", "Судебная этика"), ("z", "Казахстан")),
            _field("651", " 0", ("a", "Казахстан"), ("x", "История")),
        ),
    ]
)


def test_authority_records_are_imported_and_headings_linked(librarian):
    records_import(source=CATALOGUE, by=librarian)
    report = authorities_import(source=AUTHORITIES, by=librarian)
    assert (report["created"], report["updated"]) == (3, 0)
    assert report["rejected"] == ["4: no heading (100, 110, 111, 150 or 151)"]

    person = Authority.objects.get(kind="personal")
    assert person.heading == "Сулейменов, Майдан Кунтуарович, 1940-"
    assert person.see_from_list == ["Suleimenov, Maidan, 1940-"]
    assert person.control_number == "n80-001"
    civil = Record.objects.get(title="Гражданское право")
    english = Record.objects.get(title="Civil law of Kazakhstan")
    # The Russian form in 100 and the Latin form not used in 700 both lead to the person.
    assert set(person.links.values_list("record", "tag")) == {
        (civil.pk, "100"),
        (english.pk, "700"),
    }
    # A subject with a subdivision links by its main heading; a place by a form not used.
    topic = Authority.objects.get(kind="topic")
    place = Authority.objects.get(kind="place")
    assert list(topic.links.values_list("record", "tag")) == [(english.pk, "650")]
    assert list(place.links.values_list("record", "tag")) == [(english.pk, "651")]
    # Imported again, the records are updated, not doubled.
    assert authorities_import(source=AUTHORITIES, by=librarian)["updated"] == 3
    assert Authority.objects.count() == 3


def test_records_imported_after_the_authorities_are_linked_at_once(librarian):
    authorities_import(source=AUTHORITIES, by=librarian)
    records_import(source=CATALOGUE, by=librarian)
    assert RecordHeading.objects.count() == 4


def test_an_edit_relinks_the_record(librarian):
    authorities_import(source=AUTHORITIES, by=librarian)
    records_import(source=CATALOGUE, by=librarian)
    civil = Record.objects.get(title="Гражданское право")
    record_update(record=civil, data={"authors": "Другой, А. Б."}, by=librarian)
    assert not RecordHeading.objects.filter(record=civil).exists()


def test_authorities_are_created_for_the_catalogues_headings(librarian):
    records_import(source=CATALOGUE, by=librarian)
    result = authorities_from_catalogue(by=librarian)
    assert result["created"] == 4  # two forms of one person, a topic, a place
    assert authorities_from_catalogue(by=librarian)["created"] == 0
    assert RecordHeading.objects.count() == 4


def test_only_a_librarian_maintains_the_authority_file(reader):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Only a librarian"):
        authorities_import(source=AUTHORITIES, by=reader.user)


def test_the_authority_pages_list_headings_and_their_records(client, librarian):
    records_import(source=CATALOGUE, by=librarian)
    authorities_import(source=AUTHORITIES, by=librarian)
    page = client.get(reverse("library:authorities"), {"q": "suleimenov"}).content.decode()
    assert "Сулейменов, Майдан Кунтуарович, 1940-" in page
    assert "Судебная этика" not in page
    person = Authority.objects.get(kind="personal")
    detail = client.get(person.get_absolute_url()).content.decode()
    assert "Гражданское право" in detail and "Civil law of Kazakhstan" in detail
    record = client.get(Record.objects.get(title="Гражданское право").get_absolute_url())
    assert person.get_absolute_url() in record.content.decode()
    assert 'data-testid="authority-import"' not in page  # a visitor does not maintain it


def test_the_authority_import_page_is_for_librarians(client, client_as, reader, librarian):
    url = reverse("library:authorities_import")
    assert client_as(reader.user).post(url).status_code == 403
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("auth.mrc", AUTHORITIES)
    response = client_as(librarian).post(url, {"file": upload}, follow=True)
    assert "Authority records created: 3" in response.content.decode()


# ---------------------------------------------------------------- classification ----


def test_class_numbers_are_udc_from_080_and_bbk_from_084_with_its_source():
    marc = pymarc.Record()
    marc.add_field(
        _field("080", "  ", ("a", "342.4(574)")),
        _field("084", "  ", ("a", "67.400.1"), ("2", "rubbk")),
        _field("084", "  ", ("a", "Х400.1"), ("2", "ББК")),
        _field("084", "  ", ("a", "KF"), ("2", "lcc")),
    )
    assert class_numbers(marc) == [("udc", "342.4(574)"), ("bbk", "67.400.1"), ("bbk", "Х400.1")]


def test_the_classification_page_narrows_sign_by_sign(client, librarian):
    records_import(source=CATALOGUE, by=librarian)
    assert set(RecordClass.objects.values_list("scheme", "value")) == {
        ("udc", "347.1"), ("udc", "347(574)"), ("bbk", "67.404"),
    }  # fmt: skip
    url = reverse("library:classification")
    top = client.get(url, {"scheme": "udc"})
    assert [(b.prefix, b.records) for b in top.context["branches"]] == [("3", 2)]
    narrower = client.get(url, {"scheme": "udc", "prefix": "347"})
    assert [(b.prefix, b.records) for b in narrower.context["branches"]] == [
        ("347(", 1), ("347.", 1),
    ]  # fmt: skip
    assert narrower.context["page"].paginator.count == 2
    bbk = client.get(url, {"scheme": "bbk", "prefix": "67"}).content.decode()
    assert "Гражданское право" in bbk and "Civil law" not in bbk


def test_the_record_page_shows_its_class_numbers(client, librarian):
    records_import(source=CATALOGUE, by=librarian)
    page = client.get(Record.objects.get(title="Гражданское право").get_absolute_url())
    text = page.content.decode()
    assert "347.1" in text and "67.404" in text and "prefix=347.1" in text


def test_the_import_authorities_command(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "auth.mrc"
    path.write_bytes(AUTHORITIES)
    out = StringIO()
    call_command("import_authorities", str(path), stdout=out)
    assert "created: 3" in out.getvalue() and "record 4: no heading" in out.getvalue()
