"""Writes of the reader card index and lending (IS-12): cards, loans, returns, renewals."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from academy.accounts.permissions import user_has_role
from academy.core.audit import audit_event
from academy.core.workdays import add_working_days, is_working_day

from ..models import Copy, Fine, Hold, LibrarySettings, Loan, LoanRule, Reader, Record
from ..roles import LIBRARY_STAFF, READER_ROLES
from .cataloguing import require_librarian


def loan_limit() -> int:
    """How many copies a reader may hold at once (IS-12 administration: the settings page)."""
    return LibrarySettings.current().loan_limit


def loan_days() -> int:
    return LibrarySettings.current().loan_days


def loan_rule(*, reader: Reader, kind: str) -> LoanRule | None:
    """The cell of the loan-rules matrix for the reader's category and the item type."""
    category = getattr(reader.user, "category", "") or "other"
    return LoanRule.objects.filter(reader_category=category, kind=kind).first()


DEFAULT_CARD_VALID_DAYS = 365
DEFAULT_NOTICE_EVERY_DAYS = 7


def card_valid_days() -> int:
    """How long a reader card is valid from its issue or renewal (LIBRARY_CARD_VALID_DAYS)."""
    return int(getattr(settings, "LIBRARY_CARD_VALID_DAYS", DEFAULT_CARD_VALID_DAYS))


def reader_blocks(reader: Reader, *, today: date | None = None) -> list[tuple[str, str]]:
    """IS-12 lending: why nothing may be lent to the reader now, as (code, message).

    An expired card, a librarian's block, an overdue loan, an unpaid fine (a lost or
    damaged copy). Empty when the reader may borrow.
    """
    today = today or timezone.localdate()
    blocks: list[tuple[str, str]] = []
    if reader.expires_on is not None and reader.expires_on < today:
        blocks.append(
            (
                "expired",
                _("Reader card %(card)s expired on %(date)s; it must be renewed first.")
                % {"card": reader.card_number, "date": reader.expires_on.strftime("%d.%m.%Y")},
            )
        )
    if reader.blocked_reason.strip():
        blocks.append(
            (
                "blocked",
                _("The reader is blocked by the library: %(reason)s.")
                % {"reason": reader.blocked_reason.strip()},
            )
        )
    overdue = (
        Loan.objects.filter(reader=reader, returned_at__isnull=True, due_on__lt=today)
        .select_related("copy")
        .order_by("due_on")
        .first()
    )
    if overdue is not None:
        blocks.append(
            (
                "overdue",
                _(
                    "The reader has an overdue loan (copy %(barcode)s, due %(date)s); "
                    "it must be returned first."
                )
                % {"barcode": overdue.copy.barcode, "date": overdue.due_on.strftime("%d.%m.%Y")},
            )
        )
    owed = sum(
        (f.amount for f in Fine.objects.filter(reader=reader, paid_at__isnull=True)), Decimal(0)
    )
    if owed > 0:
        blocks.append(
            (
                "fines",
                _(
                    "The reader owes %(amount)s tenge for lost or damaged copies; it must be paid first."
                )
                % {"amount": f"{owed:.2f}"},
            )
        )
    return blocks


def _refuse_if_blocked(reader: Reader, *, ignore: tuple[str, ...] = ()) -> None:
    blocks = [(code, text) for code, text in reader_blocks(reader) if code not in ignore]
    if blocks:
        raise ValidationError(" ".join(text for _code, text in blocks), code=blocks[0][0])


def due_date(start: date, days: int | None = None) -> date:
    """The loan period on (14 days by default); a due date on a day off moves to a working day."""
    due = start + timedelta(days=days or loan_days())
    return due if is_working_day(due) else add_working_days(due, 1)


@transaction.atomic
def reader_card_issue(*, user: Any, by: Any) -> Reader:
    """IS-12 reader card index: a card for a user with the reader or listener role.

    Idempotent: a user who already has a card keeps it.
    """
    require_librarian(by)
    existing = Reader.objects.filter(user=user).first()
    if existing is not None:
        return existing
    if not user_has_role(user, *READER_ROLES):
        raise ValidationError(
            _("A reader card is issued only to a user with the reader or listener role."),
            code="role",
        )
    reader = Reader(
        user=user,
        issued_by=by,
        card_number="",
        expires_on=timezone.localdate() + timedelta(days=card_valid_days()),
    )
    reader.card_number = f"tmp-{user.pk}"
    reader.save()
    reader.card_number = f"AJ-{reader.pk:06d}"
    reader.save(update_fields=["card_number"])
    audit_event(actor=by, obj=reader, event="library_card_issued", details={"user": user.pk})
    return reader


@transaction.atomic
def loan_issue(*, copy: Copy, reader: Reader, by: Any) -> Loan:
    """IS-12 lending: lend a copy to a reader.

    1. Only a librarian lends.
    2. The copy must be available (not on loan, not reading-room only, not lost).
    3. The reader must hold fewer loans than the limit and no overdue one.
    4. The due date is the loan period on, moved to a working day; the loan is audited.
    """
    require_librarian(by)
    copy = Copy.objects.select_for_update().get(pk=copy.pk)
    if copy.status != Copy.Status.AVAILABLE:
        raise ValidationError(
            _("Copy %(barcode)s is not available: %(status)s.")
            % {"barcode": copy.barcode, "status": copy.get_status_display()},
            code="unavailable",
        )
    kept = Hold.objects.filter(copy=copy, status=Hold.Status.READY).first()
    if kept is not None and kept.reader_id != reader.pk:
        raise ValidationError(
            _("Copy %(barcode)s is kept for another reader who placed a hold.")
            % {"barcode": copy.barcode},
            code="held",
        )
    Reader.objects.select_for_update().filter(pk=reader.pk).first()  # serialise per reader
    open_loans = Loan.objects.filter(reader=reader, returned_at__isnull=True)
    limit = loan_limit()
    if open_loans.count() >= limit:
        raise ValidationError(
            _("The reader already holds %(limit)s loans, the most allowed.") % {"limit": limit},
            code="limit",
        )
    today = timezone.localdate()
    # IS-12 lending: an expired card, a block, an overdue loan or an unpaid fine refuse it.
    reader.refresh_from_db(fields=["expires_on", "blocked_reason"])
    _refuse_if_blocked(reader)
    # IS-12 lending: the loan-rules matrix (reader category × item type), if it has the cell.
    rule = loan_rule(reader=reader, kind=copy.record.kind)
    if rule is not None:
        if rule.reading_room_only:
            raise ValidationError(
                _("For this reader category, this type is read in the reading room only."),
                code="reading_room",
            )
        if open_loans.filter(copy__record__kind=rule.kind).count() >= rule.max_loans:
            raise ValidationError(
                _("The reader already holds %(limit)s loans of this type, the most allowed.")
                % {"limit": rule.max_loans},
                code="limit",
            )
    days = rule.loan_days if rule is not None else None
    loan = Loan(
        copy=copy,
        reader=reader,
        issued_at=timezone.now(),
        due_on=due_date(today, days),
        issued_by=by,
    )
    try:
        with transaction.atomic():
            loan.save()
    except IntegrityError:
        raise ValidationError(_("This copy is already on loan."), code="unavailable") from None
    copy.status = Copy.Status.ON_LOAN
    copy.save(update_fields=["status"])
    # The reader's own hold on the record is fulfilled by this loan.
    Hold.objects.filter(
        record_id=copy.record_id, reader=reader, status__in=[Hold.Status.WAITING, Hold.Status.READY]
    ).update(status=Hold.Status.FULFILLED)
    audit_event(
        actor=by,
        obj=loan,
        event="library_loan_issued",
        details={
            "copy": copy.barcode,
            "reader": reader.card_number,
            "due_on": loan.due_on.isoformat(),
        },
    )
    return loan


@transaction.atomic
def loan_return(*, loan: Loan, by: Any) -> Loan:
    """IS-12 lending: the copy comes back and is available again; audited."""
    require_librarian(by)
    loan = Loan.objects.select_for_update().select_related("copy", "reader").get(pk=loan.pk)
    if loan.returned_at is not None:
        raise ValidationError(_("This loan has already been returned."), code="returned")
    loan.returned_at = timezone.now()
    loan.returned_by = by
    loan.save(update_fields=["returned_at", "returned_by"])
    copy = loan.copy
    if copy.status == Copy.Status.ON_LOAN:
        copy.status = Copy.Status.AVAILABLE
        copy.save(update_fields=["status"])
        _keep_for_next_hold(copy)
    overdue_days = max(0, (timezone.localdate() - loan.due_on).days)
    audit_event(
        actor=by,
        obj=loan,
        event="library_loan_returned",
        details={
            "copy": copy.barcode,
            "reader": loan.reader.card_number,
            "overdue_days": overdue_days,
        },
    )
    return loan


@transaction.atomic
def loan_renew(*, loan: Loan, by: Any) -> Loan:
    """IS-12 lending: a loan is renewed once, by a librarian or its own reader, before it is overdue."""
    loan = Loan.objects.select_for_update().select_related("reader", "copy").get(pk=loan.pk)
    if not user_has_role(by, *LIBRARY_STAFF) and loan.reader.user_id != getattr(by, "pk", None):
        raise ValidationError(_("Only a librarian or the reader may renew this loan."), code="role")
    if loan.returned_at is not None:
        raise ValidationError(_("This loan has already been returned."), code="returned")
    rule = loan_rule(reader=loan.reader, kind=loan.copy.record.kind)
    if rule is not None and loan.renewals >= rule.renewals:
        raise ValidationError(
            _("Loans of this type are not renewed for this reader category."), code="renewed"
        )
    if loan.renewals >= 1:
        raise ValidationError(_("A loan can be renewed only once."), code="renewed")
    # IS-12 lending: a reader waits for this record, so the copy must come back.
    if (
        Hold.objects.filter(record_id=loan.copy.record_id, status=Hold.Status.WAITING)
        .exclude(reader=loan.reader)
        .exists()
    ):
        raise ValidationError(
            _("Another reader is waiting for this book; the loan cannot be renewed."),
            code="held",
        )
    today = timezone.localdate()
    if loan.due_on < today:
        raise ValidationError(_("An overdue loan cannot be renewed."), code="overdue")
    _refuse_if_blocked(loan.reader, ignore=("overdue",))
    previous = loan.due_on
    loan.due_on = due_date(today, rule.loan_days if rule is not None else None)
    loan.renewals += 1
    loan.save(update_fields=["due_on", "renewals"])
    audit_event(
        actor=by,
        obj=loan,
        event="library_loan_renewed",
        details={"from": previous.isoformat(), "to": loan.due_on.isoformat()},
    )
    return loan


# ---------------------------------------------------------------- holds ----


@transaction.atomic
def hold_place(*, record: Record, reader: Reader, by: Any) -> Hold:
    """IS-12 lending: a reader queues for a record none of whose copies is on the shelf.

    The reader places it for themselves, or a librarian for them; one open hold per
    reader and record; none while the reader has the record on loan.
    """
    if not user_has_role(by, *LIBRARY_STAFF) and reader.user_id != getattr(by, "pk", None):
        raise ValidationError(_("Only a librarian or the reader may place this hold."), code="role")
    record = Record.objects.select_for_update().get(pk=record.pk)  # serialise the queue
    free = record.copies.filter(status=Copy.Status.AVAILABLE).exclude(
        holds__status=Hold.Status.READY
    )
    if free.exists():
        raise ValidationError(
            _("A copy is on the shelf: it can be borrowed now, no hold is needed."),
            code="available",
        )
    if not record.copies.filter(status=Copy.Status.ON_LOAN).exists():
        raise ValidationError(_("No copy of this record is lent out to wait for."), code="none")
    rule = loan_rule(reader=reader, kind=record.kind)
    if rule is not None and not rule.holds_allowed:
        raise ValidationError(
            _("Holds on this type are not allowed for this reader category."), code="no_holds"
        )
    _refuse_if_blocked(reader, ignore=("overdue", "fines"))
    if Loan.objects.filter(copy__record=record, reader=reader, returned_at__isnull=True).exists():
        raise ValidationError(_("The reader already has this record on loan."), code="on_loan")
    if Hold.objects.filter(
        record=record, reader=reader, status__in=[Hold.Status.WAITING, Hold.Status.READY]
    ).exists():
        raise ValidationError(_("The reader already waits for this record."), code="duplicate")
    hold = Hold.objects.create(record=record, reader=reader)
    audit_event(
        actor=by, obj=hold, event="library_hold_placed", details={"reader": reader.card_number}
    )
    return hold


def _keep_for_next_hold(copy: Copy) -> Hold | None:
    """A returned copy is kept for the first waiting reader, who gets a notice."""
    hold = (
        Hold.objects.select_for_update()
        .select_related("reader__user", "record")
        .filter(record_id=copy.record_id, status=Hold.Status.WAITING)
        .order_by("placed_at", "pk")
        .first()
    )
    if hold is None:
        return None
    hold.status = Hold.Status.READY
    hold.copy = copy
    hold.notified_at = timezone.now()
    hold.save(update_fields=["status", "copy", "notified_at"])
    user = hold.reader.user
    if user.email:
        # The notice is written in the reader's own language.
        with translation.override(getattr(user, "preferred_language", None) or "kk"):
            subject = _("The book you are waiting for is back")
            body = _(
                "“%(title)s” is kept for you at the library (copy %(barcode)s). "
                "Please collect it with your reader card %(card)s."
            ) % {
                "title": hold.record.title,
                "barcode": copy.barcode,
                "card": hold.reader.card_number,
            }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    audit_event(actor=None, obj=hold, event="library_hold_ready", details={"copy": copy.barcode})
    return hold


# ---------------------------------------------------------------- cards, blocks, fines ----


@transaction.atomic
def reader_card_renew(*, reader: Reader, by: Any) -> Reader:
    """IS-12 reader card index: the card is valid LIBRARY_CARD_VALID_DAYS from today."""
    require_librarian(by)
    reader = Reader.objects.select_for_update().get(pk=reader.pk)
    previous = reader.expires_on
    reader.expires_on = timezone.localdate() + timedelta(days=card_valid_days())
    reader.save(update_fields=["expires_on"])
    audit_event(
        actor=by,
        obj=reader,
        event="library_card_renewed",
        details={
            "from": previous.isoformat() if previous else None,
            "to": reader.expires_on.isoformat(),
        },
    )
    return reader


@transaction.atomic
def reader_block(*, reader: Reader, reason: str, by: Any) -> Reader:
    """IS-12 lending: a librarian blocks a reader (with a reason) or, with "", unblocks."""
    require_librarian(by)
    reader = Reader.objects.select_for_update().get(pk=reader.pk)
    reader.blocked_reason = reason.strip()[:255]
    reader.save(update_fields=["blocked_reason"])
    event = "library_reader_blocked" if reader.blocked_reason else "library_reader_unblocked"
    audit_event(actor=by, obj=reader, event=event, details={"reason": reader.blocked_reason})
    return reader


@transaction.atomic
def loan_mark_lost(*, loan: Loan, amount: Decimal, by: Any) -> Fine:
    """IS-12 lending: the reader lost the copy. The loan closes, the copy is lost, and the
    reader owes `amount` tenge; until it is paid nothing more is lent to them."""
    require_librarian(by)
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError(_("The amount owed must be more than zero."), code="amount")
    loan = Loan.objects.select_for_update().select_related("copy", "reader").get(pk=loan.pk)
    if loan.returned_at is not None:
        raise ValidationError(_("This loan has already been returned."), code="returned")
    loan.returned_at = timezone.now()
    loan.returned_by = by
    loan.save(update_fields=["returned_at", "returned_by"])
    loan.copy.status = Copy.Status.LOST
    loan.copy.save(update_fields=["status"])
    fine = Fine.objects.create(
        reader=loan.reader, loan=loan, kind=Fine.Kind.LOST, amount=amount, created_by=by
    )
    audit_event(
        actor=by,
        obj=fine,
        event="library_copy_lost",
        details={
            "copy": loan.copy.barcode,
            "reader": loan.reader.card_number,
            "amount": str(amount),
        },
    )
    return fine


@transaction.atomic
def fine_pay(*, fine: Fine, by: Any) -> Fine:
    """IS-12 lending: the librarian records that a fine is paid; the block lifts."""
    require_librarian(by)
    fine = Fine.objects.select_for_update().get(pk=fine.pk)
    if fine.paid_at is not None:
        raise ValidationError(_("This fine has already been paid."), code="paid")
    fine.paid_at = timezone.now()
    fine.paid_by = by
    fine.save(update_fields=["paid_at", "paid_by"])
    audit_event(actor=by, obj=fine, event="library_fine_paid", details={"amount": str(fine.amount)})
    return fine


# ---------------------------------------------------------------- overdue notices ----


def notice_every_days() -> int:
    return int(getattr(settings, "LIBRARY_OVERDUE_NOTICE_EVERY_DAYS", DEFAULT_NOTICE_EVERY_DAYS))


def overdue_notices_send(*, today: date | None = None) -> int:
    """IS-12 lending: an e-mail, in the reader's language, for each overdue loan.

    The first notice goes the day after the due date, then one every
    LIBRARY_OVERDUE_NOTICE_EVERY_DAYS while the copy is out. A notice is claimed by a
    conditional update before it is sent, so two runs never send it twice. Returns how
    many were sent.
    """
    today = today or timezone.localdate()
    every = notice_every_days()
    loans = (
        Loan.objects.filter(returned_at__isnull=True, due_on__lt=today)
        .exclude(reader__user__email="")
        .filter(
            Q(last_notice_on__isnull=True) | Q(last_notice_on__lte=today - timedelta(days=every))
        )
        .select_related("copy__record", "reader__user")
        .order_by("pk")
    )
    sent = 0
    for loan in loans.iterator(chunk_size=500):
        claimed = Loan.objects.filter(
            pk=loan.pk, notices=loan.notices, last_notice_on=loan.last_notice_on
        ).update(notices=loan.notices + 1, last_notice_on=today)
        if not claimed:
            continue
        user = loan.reader.user
        with translation.override(getattr(user, "preferred_language", None) or "kk"):
            subject = _("A library book is overdue")
            body = _(
                "“%(title)s” (copy %(barcode)s) was due back on %(date)s, %(days)s days ago. "
                "Please return it to the library. Until it is returned nothing more is lent "
                "on your reader card %(card)s."
            ) % {
                "title": loan.copy.record.title,
                "barcode": loan.copy.barcode,
                "date": loan.due_on.strftime("%d.%m.%Y"),
                "days": (today - loan.due_on).days,
                "card": loan.reader.card_number,
            }
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent
