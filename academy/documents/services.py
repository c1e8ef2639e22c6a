"""Writes: issuing certificates when the rector signs the certificate order (TR-28, TR-29)."""

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from academy.core.audit import audit_event
from academy.exams.models import Exam, Result
from academy.training.models import Order

from .models import PASS_MARK, Certificate, CertificateCounter
from .selectors import group_exam

NUMBER_PREFIX = "ЖСА"
# No 0/O or 1/I: the code is typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def certificate_number(year: int, serial: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{serial:06d}"


def _next_serial(year: int) -> int:
    """The next serial of the year; the counter row is locked until the transaction ends."""
    CertificateCounter.objects.get_or_create(year=year)
    counter = CertificateCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _check_result(result: Result, order: Order) -> None:
    # TR-29: no certificate for an unconfirmed result or for fewer than 50 points.
    name = result.listener.full_name
    if result.confirmed_at is None or result.exam.status != Exam.Status.CONFIRMED:
        raise ValidationError(
            _(
                "The exam result of %(name)s is not confirmed yet; a certificate rests on a confirmed result."
            )
            % {"name": name},
            code="unconfirmed",
        )
    if result.points < PASS_MARK or not result.passed:
        raise ValidationError(
            _("%(name)s has %(points)s points; no certificate is issued below 50 points.")
            % {"name": name, "points": result.points},
            code="below_pass_mark",
        )
    if result.exam.group_id != order.group_id:
        raise ValidationError(
            _("The exam result of %(name)s is not from this group's exam.") % {"name": name},
            code="other_group",
        )


@transaction.atomic
def certificate_issue(*, result: Result, order: Order, by: Any) -> Certificate:
    """Issue one listener's certificate under a signed certificate order (TR-28, TR-29).

    Steps: check the order is a signed certificate order naming the listener; check the
    result is confirmed and at least 50 points (TR-29); take the next number of the
    order's year; record the hours of the course programme; log the issue.
    """
    result = Result.objects.select_related("exam", "listener").get(pk=result.pk)
    if order.kind != Order.Kind.CERTIFICATE or not order.is_signed or order.date is None:
        raise ValidationError(
            _("Certificates are issued only under a signed certificate order."), code="order"
        )
    if not order.items.filter(enrolment__listener_id=result.listener_id).exists():
        raise ValidationError(
            _("%(name)s is not named in the certificate order.")
            % {"name": result.listener.full_name},
            code="not_in_order",
        )
    _check_result(result, order)
    group = order.group
    if Certificate.objects.filter(group=group, listener_id=result.listener_id).exists():
        raise ValidationError(
            _("%(name)s already has a certificate for this group.")
            % {"name": result.listener.full_name},
            code="duplicate",
        )
    programme = getattr(group, "programme", None)
    hours = programme.total_hours if programme is not None else 0
    if hours <= 0:
        raise ValidationError(
            _("The group's course programme has no classes, so the hours are unknown."),
            code="hours",
        )
    year = order.date.year
    serial = _next_serial(year)
    certificate = Certificate(
        number=certificate_number(year, serial),
        year=year,
        serial=serial,
        listener_id=result.listener_id,
        group=group,
        result=result,
        order=order,
        points=result.points,
        result_confirmed_at=result.confirmed_at,
        issued_on=order.date,
        hours=hours,
        language=group.language if group.language in ("kk", "ru") else "kk",
        verification_code=_verification_code(),
        issued_by=by if getattr(by, "pk", None) else None,
    )
    certificate.full_clean()
    certificate.save()
    audit_event(
        actor=by,
        obj=certificate,
        event="certificate_issued",
        details={"number": certificate.number, "order": order.pk, "result": result.pk},
    )
    return certificate


@transaction.atomic
def certificates_issue_for_order(*, order: Order, by: Any) -> list[Certificate]:
    """One certificate per listener of a signed certificate order (TR-28).

    Every listener must have a confirmed result of at least 50 points in the group's
    final exam (TR-29); otherwise nothing is issued and the errors name each listener.
    """
    exam = group_exam(order.group)
    items = list(order.items.select_related("enrolment__listener").order_by("pk"))
    results = (
        {r.listener_id: r for r in Result.objects.filter(exam=exam).select_related("exam")}
        if exam is not None
        else {}
    )
    errors: list[str] = []
    chosen: list[Result] = []
    for item in items:
        listener = item.enrolment.listener
        result = results.get(listener.pk)
        if result is None:
            errors.append(
                _(
                    "%(name)s has no exam result in this group; a certificate needs a confirmed result of at least 50 points."
                )
                % {"name": listener.full_name}
            )
            continue
        result.listener = listener
        try:
            _check_result(result, order)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        chosen.append(result)
    if errors:
        raise ValidationError(errors, code="tr29")
    issued = []
    for result in chosen:
        if Certificate.objects.filter(group=order.group, listener_id=result.listener_id).exists():
            continue
        issued.append(certificate_issue(result=result, order=order, by=by))
    return issued


def on_order_signed(sender: Any, order: Order, by: Any, **kwargs: Any) -> None:
    """Receiver of training's `order_signed`: a signed certificate order issues certificates."""
    if order.kind == Order.Kind.CERTIFICATE:
        certificates_issue_for_order(order=order, by=by)
