"""Card expiry, blocks, fines for lost copies and overdue notices (IS-12 lending, issue 17)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError

from academy.library.models import Copy, Fine, Hold, Loan
from academy.library.services import (
    fine_pay,
    hold_place,
    loan_issue,
    loan_mark_lost,
    loan_renew,
    overdue_notices_send,
    reader_block,
    reader_blocks,
    reader_card_issue,
    reader_card_renew,
)
from academy.library.tasks import send_overdue_notices
from academy.library.testing import CopyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


@time_machine.travel("2026-03-02 10:00 +05:00")
def test_a_new_card_is_valid_for_the_configured_days(librarian, reader_user, settings):
    settings.LIBRARY_CARD_VALID_DAYS = 30
    card = reader_card_issue(user=reader_user, by=librarian)
    assert card.expires_on == date(2026, 4, 1)


def test_an_expired_card_refuses_lending_until_it_is_renewed(librarian, reader, copy, settings):
    settings.LIBRARY_CARD_VALID_DAYS = 365
    with time_machine.travel("2026-03-02 10:00 +05:00"):
        reader.expires_on = date(2026, 3, 1)
        reader.save()
        with pytest.raises(ValidationError, match=r"expired on 01\.03\.2026") as refused:
            loan_issue(copy=copy, reader=reader, by=librarian)
        assert refused.value.code == "expired"
        reader_card_renew(reader=reader, by=librarian)
        reader.refresh_from_db()
        assert reader.expires_on == date(2027, 3, 2)
        assert loan_issue(copy=copy, reader=reader, by=librarian).pk


def test_a_card_without_an_expiry_date_does_not_expire(librarian, reader, copy):
    assert reader.expires_on is None
    assert reader_blocks(reader) == []
    assert loan_issue(copy=copy, reader=reader, by=librarian).pk


def test_a_librarians_block_refuses_lending_with_its_reason(librarian, reader, copy):
    reader_block(reader=reader, reason="damaged a book", by=librarian)
    with pytest.raises(ValidationError, match="blocked by the library: damaged a book") as refused:
        loan_issue(copy=copy, reader=reader, by=librarian)
    assert refused.value.code == "blocked"
    reader_block(reader=reader, reason="", by=librarian)
    assert loan_issue(copy=copy, reader=reader, by=librarian).pk


def test_the_overdue_block_names_the_copy_and_its_due_date(librarian, reader, copy):
    with time_machine.travel("2026-01-05 10:00 +05:00"):
        loan_issue(copy=copy, reader=reader, by=librarian)
    with time_machine.travel("2026-02-05 10:00 +05:00"):
        with pytest.raises(ValidationError, match=rf"copy {copy.barcode}, due 19\.01\.2026"):
            loan_issue(copy=CopyFactory(), reader=reader, by=librarian)


def test_a_lost_copy_is_owed_and_blocks_lending_until_paid(librarian, reader, copy):
    loan = loan_issue(copy=copy, reader=reader, by=librarian)
    fine = loan_mark_lost(loan=loan, amount=Decimal("4500"), by=librarian)
    loan.refresh_from_db()
    copy.refresh_from_db()
    assert loan.returned_at is not None and copy.status == Copy.Status.LOST
    assert (fine.kind, fine.amount, fine.reader) == (Fine.Kind.LOST, Decimal("4500"), reader)
    other = CopyFactory()
    with pytest.raises(ValidationError, match="owes 4500.00 tenge") as refused:
        loan_issue(copy=other, reader=reader, by=librarian)
    assert refused.value.code == "fines"
    fine_pay(fine=fine, by=librarian)
    assert loan_issue(copy=other, reader=reader, by=librarian).pk
    with pytest.raises(ValidationError, match="already been paid"):
        fine_pay(fine=fine, by=librarian)


def test_a_lost_copy_needs_a_positive_amount_and_an_open_loan(librarian, reader, copy):
    loan = loan_issue(copy=copy, reader=reader, by=librarian)
    with pytest.raises(ValidationError, match="more than zero"):
        loan_mark_lost(loan=loan, amount=Decimal("0"), by=librarian)
    assert not Fine.objects.exists()


def test_an_unpaid_fine_or_an_expired_card_refuses_a_renewal(librarian, reader, copy):
    loan = loan_issue(copy=copy, reader=reader, by=librarian)
    Fine.objects.create(reader=reader, kind=Fine.Kind.DAMAGED, amount=Decimal("800"))
    with pytest.raises(ValidationError, match="owes 800.00 tenge"):
        loan_renew(loan=loan, by=librarian)
    assert Loan.objects.get(pk=loan.pk).renewals == 0


def test_an_expired_card_cannot_place_a_hold(librarian, reader, other_reader, copy):
    loan_issue(copy=copy, reader=other_reader, by=librarian)
    reader.expires_on = date.today() - timedelta(days=1)
    reader.save()
    with pytest.raises(ValidationError, match="expired"):
        hold_place(record=copy.record, reader=reader, by=reader.user)
    assert not Hold.objects.exists()


def test_a_reader_who_is_not_a_librarian_cannot_block_or_fine(reader, copy):
    with pytest.raises(ValidationError, match="Only a librarian"):
        reader_block(reader=reader, reason="x", by=reader.user)


# ---------------------------------------------------------------- overdue notices ----


def _lend_on(day, copy, reader, librarian):
    with time_machine.travel(f"{day} 10:00 +05:00"):
        return loan_issue(copy=copy, reader=reader, by=librarian)


def test_overdue_notices_go_in_the_readers_language_once_then_every_n_days(
    librarian, reader, other_reader, copy, settings
):
    settings.LIBRARY_OVERDUE_NOTICE_EVERY_DAYS = 7
    reader.user.preferred_language = "ru"
    reader.user.email = "reader@example.kz"
    reader.user.save()
    other_reader.user.preferred_language = "kk"
    other_reader.user.email = "other@example.kz"
    other_reader.user.save()
    first = _lend_on("2026-01-05", copy, reader, librarian)  # due 19.01.2026
    _lend_on("2026-01-05", CopyFactory(), other_reader, librarian)
    returned = _lend_on("2026-01-05", CopyFactory(), reader, librarian)
    returned.returned_at = returned.issued_at
    returned.save()

    assert overdue_notices_send(today=date(2026, 1, 19)) == 0  # due today: not overdue yet
    assert overdue_notices_send(today=date(2026, 1, 20)) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["reader@example.kz"].subject == "Книга из библиотеки просрочена"
    assert "19.01.2026" in by_address["reader@example.kz"].body
    assert copy.barcode in by_address["reader@example.kz"].body
    assert by_address["other@example.kz"].subject == "Кітапханадан алынған кітаптың мерзімі өтті"

    assert overdue_notices_send(today=date(2026, 1, 20)) == 0  # never twice the same day
    assert overdue_notices_send(today=date(2026, 1, 26)) == 0
    assert overdue_notices_send(today=date(2026, 1, 27)) == 2  # a week later, again
    first.refresh_from_db()
    assert (first.notices, first.last_notice_on) == (2, date(2026, 1, 27))


def test_a_reader_without_an_email_address_gets_no_notice(librarian, reader, copy):
    reader.user.email = ""
    reader.user.save()
    _lend_on("2026-01-05", copy, reader, librarian)
    assert overdue_notices_send(today=date(2026, 2, 1)) == 0 and mail.outbox == []


def test_the_notices_run_daily_from_the_beat_schedule(librarian, reader, copy):
    entry = settings.CELERY_BEAT_SCHEDULE["library-overdue-notices"]
    assert entry["task"] == "library.send_overdue_notices"
    assert entry["schedule"].hour == {9}
    reader.user.email = "reader@example.kz"
    reader.user.save()
    _lend_on("2026-01-05", copy, reader, librarian)
    with time_machine.travel("2026-02-01 09:00 +05:00"):
        assert send_overdue_notices.delay().get() == 1
