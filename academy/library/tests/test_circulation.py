"""Reader cards and lending (IS-12 reader card index, lending)."""

from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from academy.accounts.roles import Role
from academy.library.models import Copy, Loan, Reader
from academy.library.services import (
    due_date,
    loan_issue,
    loan_renew,
    loan_return,
    reader_card_issue,
)
from academy.library.testing import CopyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


def _events(name):
    return LogEntry.objects.filter(additional_data__event=name)


def test_a_reader_or_listener_gets_a_card_with_a_number(librarian, reader_user, make_persona):
    card = reader_card_issue(user=reader_user, by=librarian)
    listener_card = reader_card_issue(user=make_persona(Role.LISTENER), by=librarian)

    assert card.card_number == f"AJ-{card.pk:06d}"
    assert listener_card.card_number != card.card_number
    assert reader_card_issue(user=reader_user, by=librarian) == card  # idempotent
    assert _events("library_card_issued").count() == 2


def test_no_card_for_a_user_without_the_reader_or_listener_role(librarian, make_persona):
    with pytest.raises(ValidationError, match="reader or listener role"):
        reader_card_issue(user=make_persona(Role.LECTURER), by=librarian)
    assert not Reader.objects.exists()


def test_only_a_librarian_lends(copy, reader):
    with pytest.raises(ValidationError, match="Only a librarian"):
        loan_issue(copy=copy, reader=reader, by=reader.user)


@time_machine.travel("2026-03-02 10:00 +05:00")  # a Monday
def test_a_loan_is_due_in_14_days_and_audited(librarian, copy, reader):
    loan = loan_issue(copy=copy, reader=reader, by=librarian)

    assert loan.due_on == date(2026, 3, 16)
    copy.refresh_from_db()
    assert copy.status == Copy.Status.ON_LOAN
    entry = _events("library_loan_issued").get()
    assert entry.actor == librarian and entry.additional_data["copy"] == copy.barcode


def test_a_due_date_on_a_holiday_moves_to_the_next_working_day():
    # 8 March 2026 is a Sunday and Women's Day; Monday 9 March is the holiday moved.
    assert due_date(date(2026, 2, 22)) == date(2026, 3, 10)
    # 14 days after a Friday is a Friday: a working day stays.
    assert due_date(date(2026, 4, 3)) == date(2026, 4, 17)


def test_an_unavailable_copy_is_not_lent(librarian, reader, other_reader):
    copy = CopyFactory()
    loan_issue(copy=copy, reader=reader, by=librarian)
    with pytest.raises(ValidationError, match="not available"):
        loan_issue(copy=copy, reader=other_reader, by=librarian)
    reference = CopyFactory(status=Copy.Status.REFERENCE)
    with pytest.raises(ValidationError, match="not available"):
        loan_issue(copy=reference, reader=other_reader, by=librarian)


def test_a_reader_holds_at_most_the_limit(librarian, reader, settings):
    settings.LIBRARY_LOAN_LIMIT = 2
    loan_issue(copy=CopyFactory(), reader=reader, by=librarian)
    loan_issue(copy=CopyFactory(), reader=reader, by=librarian)
    with pytest.raises(ValidationError, match="already holds 2 loans"):
        loan_issue(copy=CopyFactory(), reader=reader, by=librarian)


def test_the_default_limit_is_five(librarian, reader):
    for _ in range(5):
        loan_issue(copy=CopyFactory(), reader=reader, by=librarian)
    with pytest.raises(ValidationError, match="already holds 5 loans"):
        loan_issue(copy=CopyFactory(), reader=reader, by=librarian)


def test_a_reader_with_an_overdue_loan_gets_no_new_one(librarian, reader):
    with time_machine.travel("2026-01-05 10:00 +05:00"):
        loan_issue(copy=CopyFactory(), reader=reader, by=librarian)
    with time_machine.travel("2026-02-05 10:00 +05:00"):
        with pytest.raises(ValidationError, match="overdue"):
            loan_issue(copy=CopyFactory(), reader=reader, by=librarian)


def test_return_makes_the_copy_available_and_is_audited(librarian, copy, reader, other_reader):
    loan = loan_issue(copy=copy, reader=reader, by=librarian)
    loan_return(loan=loan, by=librarian)

    loan.refresh_from_db()
    copy.refresh_from_db()
    assert loan.returned_at is not None and loan.returned_by == librarian
    assert copy.status == Copy.Status.AVAILABLE
    assert _events("library_loan_returned").count() == 1
    with pytest.raises(ValidationError, match="already been returned"):
        loan_return(loan=loan, by=librarian)
    loan_issue(copy=copy, reader=other_reader, by=librarian)  # lent again


def test_a_loan_is_renewed_once_by_its_reader(librarian, copy, reader):
    with time_machine.travel("2026-03-02 10:00 +05:00"):
        loan = loan_issue(copy=copy, reader=reader, by=librarian)
    with time_machine.travel("2026-03-12 10:00 +05:00"):
        renewed = loan_renew(loan=loan, by=reader.user)
        assert renewed.due_on == date(2026, 3, 26) and renewed.renewals == 1
        with pytest.raises(ValidationError, match="only once"):
            loan_renew(loan=loan, by=librarian)
    assert _events("library_loan_renewed").count() == 1


def test_another_reader_cannot_renew_my_loan(librarian, copy, reader, other_reader):
    loan = loan_issue(copy=copy, reader=reader, by=librarian)
    with pytest.raises(ValidationError, match="Only a librarian or the reader"):
        loan_renew(loan=loan, by=other_reader.user)


def test_an_overdue_loan_cannot_be_renewed(librarian, copy, reader):
    with time_machine.travel("2026-01-05 10:00 +05:00"):
        loan = loan_issue(copy=copy, reader=reader, by=librarian)
    with time_machine.travel("2026-02-05 10:00 +05:00"):
        with pytest.raises(ValidationError, match="overdue loan cannot be renewed"):
            loan_renew(loan=loan, by=librarian)
    assert Loan.objects.get(pk=loan.pk).renewals == 0


# ---------------------------------------------------------------- holds (issue 17) ----


@pytest.mark.clause("IS-12")
def test_renewal_is_refused_while_another_reader_waits_and_the_returned_copy_is_kept(
    librarian, copy, reader, other_reader, mailoutbox
):
    from django.core.exceptions import ValidationError

    from academy.library.models import Hold
    from academy.library.services import hold_place, loan_issue, loan_renew, loan_return

    other_reader.user.email = "waiting@example.kz"
    other_reader.user.preferred_language = "ru"
    other_reader.user.save()
    loan = loan_issue(copy=copy, reader=reader, by=librarian)
    hold = hold_place(record=copy.record, reader=other_reader, by=other_reader.user)

    with pytest.raises(ValidationError, match="Another reader is waiting"):
        loan_renew(loan=loan, by=reader.user)

    loan_return(loan=loan, by=librarian)
    hold.refresh_from_db()
    assert hold.status == Hold.Status.READY and hold.copy == copy
    assert mailoutbox[-1].to == ["waiting@example.kz"]
    assert "Конституция Республики Казахстан" in mailoutbox[-1].body
    assert mailoutbox[-1].subject == "Книга, которую вы ждёте, вернулась"
    # The copy is kept: not lent to anyone else, lent to the reader who waited.
    with pytest.raises(ValidationError, match="kept for another reader"):
        loan_issue(copy=copy, reader=reader, by=librarian)
    loan_issue(copy=copy, reader=other_reader, by=librarian)
    hold.refresh_from_db()
    assert hold.status == Hold.Status.FULFILLED


@pytest.mark.clause("IS-12")
def test_a_hold_is_refused_when_a_copy_is_on_the_shelf_or_placed_twice(
    librarian, copy, reader, other_reader
):
    from django.core.exceptions import ValidationError

    from academy.library.services import hold_place, loan_issue

    with pytest.raises(ValidationError, match="on the shelf"):
        hold_place(record=copy.record, reader=other_reader, by=other_reader.user)
    loan_issue(copy=copy, reader=reader, by=librarian)
    hold_place(record=copy.record, reader=other_reader, by=other_reader.user)
    with pytest.raises(ValidationError, match="already waits"):
        hold_place(record=copy.record, reader=other_reader, by=other_reader.user)
    with pytest.raises(ValidationError, match="already has this record on loan"):
        hold_place(record=copy.record, reader=reader, by=reader.user)
    with pytest.raises(ValidationError, match="Only a librarian or the reader"):
        hold_place(record=copy.record, reader=reader, by=other_reader.user)


@pytest.mark.clause("IS-12")
def test_a_reader_places_a_hold_from_the_record_page(
    client_as, librarian, copy, reader, other_reader
):
    from django.urls import reverse

    from academy.library.models import Hold
    from academy.library.services import loan_issue

    loan_issue(copy=copy, reader=reader, by=librarian)
    page = client_as(other_reader.user).get(copy.record.get_absolute_url()).content.decode()
    assert 'data-testid="hold-form"' in page
    client_as(other_reader.user).post(reverse("library:hold_place", args=[copy.record.pk]))
    assert Hold.objects.get().reader == other_reader


# ---------------------------------------------------------------- loan rules (issue 17) ----


@pytest.mark.clause("IS-12")
def test_the_loan_rules_matrix_sets_period_limit_renewals_and_reading_room_per_cell(
    librarian, reader
):
    from academy.library.models import LoanRule
    from academy.library.testing import RecordFactory

    reader.user.category = "judge"
    reader.user.save()
    LoanRule.objects.create(reader_category="judge", kind="code", loan_days=30, max_loans=1,
                            renewals=0)  # fmt: skip
    LoanRule.objects.create(reader_category="judge", kind="serial", loan_days=7, max_loans=5,
                            reading_room_only=True)  # fmt: skip
    code_one = CopyFactory(record=RecordFactory(kind="code"))
    code_two = CopyFactory(record=RecordFactory(kind="code"))
    journal = CopyFactory(record=RecordFactory(kind="serial"))

    with time_machine.travel(date(2026, 3, 2)):  # a Monday
        loan = loan_issue(copy=code_one, reader=reader, by=librarian)
        assert loan.due_on == date(2026, 4, 1)  # 30 days, the matrix's period
        with pytest.raises(ValidationError, match="of this type"):
            loan_issue(copy=code_two, reader=reader, by=librarian)
        with pytest.raises(ValidationError, match="reading room only"):
            loan_issue(copy=journal, reader=reader, by=librarian)
        with pytest.raises(ValidationError, match="not renewed for this reader category"):
            loan_renew(loan=loan, by=librarian)
        # Another category has no cell: the library's settings apply.
        book = CopyFactory(record=RecordFactory(kind="book"))
        assert loan_issue(copy=book, reader=reader, by=librarian).due_on == date(2026, 3, 16)


@pytest.mark.clause("IS-12")
def test_the_matrix_can_forbid_holds(librarian, copy, reader, other_reader):
    from academy.library.models import LoanRule
    from academy.library.services import hold_place

    other_reader.user.category = "court_staff"
    other_reader.user.save()
    LoanRule.objects.create(reader_category="court_staff", kind="book", loan_days=14,
                            max_loans=3, holds_allowed=False)  # fmt: skip
    loan_issue(copy=copy, reader=reader, by=librarian)
    with pytest.raises(ValidationError, match="Holds on this type are not allowed"):
        hold_place(record=copy.record, reader=other_reader, by=other_reader.user)
