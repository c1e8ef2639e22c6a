"""TR-14 group lists: bounded in bytes and rows, read in whatever encoding Excel saved them."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from openpyxl import Workbook

from academy.accounts.models import User
from academy.core.iin import make_iin
from academy.training import services
from academy.training.models import Enrolment
from academy.training.testing import CourseFactory, GroupFactory

NAMES = [("Әбілқайыр", "Ұлжан", "Серікқызы"), ("Иванов", "Пётр", "Сергеевич")]


def _group():
    start = timezone.localdate() + timedelta(days=20)
    return GroupFactory(course=CourseFactory(start_date=start, end_date=start + timedelta(days=9)))


def _text(names, separator=";") -> str:
    lines = [separator.join(["ИИН", "Фамилия", "Имя", "Отчество", "Категория"])]
    for serial, (surname, name, patronymic) in enumerate(names):
        iin = make_iin(date(1980, 6, 1), "M", 500 + serial)
        lines.append(separator.join([iin, surname, name, patronymic, "judge"]))
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.clause("TR-14")
@pytest.mark.parametrize(
    ("encoding", "names"),
    [
        ("utf-16", NAMES),  # Excel's "Unicode text"
        ("utf-16-le", NAMES),  # the same without a byte-order mark
        ("cp1251", [NAMES[1], ("Петрова", "Анна", "Ивановна")]),  # cp1251 has no ә, ұ
    ],
)
def test_a_list_in_utf16_or_cp1251_is_read(liaison, encoding, names):
    result = services.group_list_import(
        group=_group(), content=_text(names).encode(encoding), filename="list.csv", by=liaison
    )
    assert (len(result.added), result.errors) == (2, [])
    assert {user.surname for user in User.objects.filter(enrolments__isnull=False)} == {
        surname for surname, _name, _patronymic in names
    }


@pytest.mark.clause("TR-14")
def test_a_list_past_the_row_limit_is_refused_and_adds_nobody(liaison, settings):
    settings.IMPORT_MAX_ROWS = 3
    book = Workbook()
    for serial in range(5):
        book.active.append([make_iin(date(1980, 6, 1), "M", 700 + serial), "Тестов", "Тест"])
    buffer = io.BytesIO()
    book.save(buffer)
    with override("en"), pytest.raises(ValidationError, match="more than 3 rows"):
        services.group_list_import(
            group=_group(), content=buffer.getvalue(), filename="list.xlsx", by=liaison
        )
    assert not Enrolment.objects.exists()


@pytest.mark.clause("TR-14")
def test_an_oversized_list_is_refused_on_the_page_with_the_limit(client_as, liaison, settings):
    settings.IMPORT_MAX_BYTES = 1024
    group = _group()
    with override("en"):
        response = client_as(liaison).post(
            reverse("training:group_list_upload", args=[group.pk]),
            {"file": SimpleUploadedFile("list.csv", _text(NAMES * 40).encode())},
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "files up to 1.0\xa0KB can be imported" in page
    assert not group.enrolments.exists()


@pytest.mark.clause("TR-14")
def test_a_huge_field_names_its_line_on_the_page(client_as, liaison):
    group = _group()
    content = _text(NAMES) + "900101300017;" + "Я" * 140_000 + "\r\n"
    with override("en"):
        response = client_as(liaison).post(
            reverse("training:group_list_upload", args=[group.pk]),
            {"file": SimpleUploadedFile("list.csv", content.encode())},
        )
    assert response.status_code == 200
    assert "Line 4 cannot be read" in response.content.decode()
    assert not group.enrolments.exists()
