"""E-mails to listeners and the vice-rector (TR-15, TR-18, TR-20).

Services call `notify_*` inside their transaction; the e-mail is queued only once the
transaction commits, and the Celery task writes it in the recipient's language.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from academy.accounts.models import User
from academy.accounts.roles import Role

from .models import CourseProgramme, ExpulsionProposal, Order


class Kind:
    ADMITTED = "admitted"
    WITHDRAWN = "withdrawn"
    REPLACED = "replaced"
    EXPELLED = "expelled"
    QUESTIONS = "questions"
    EXPULSION_PROPOSAL = "expulsion_proposal"


ORDER_KINDS = {
    Order.Kind.ADMISSION: Kind.ADMITTED,
    Order.Kind.WITHDRAWAL: Kind.WITHDRAWN,
    Order.Kind.REPLACEMENT: Kind.REPLACED,
    Order.Kind.EXPULSION: Kind.EXPELLED,
}


def _queue(kind: str, users: Iterable[Any], object_pk: int) -> None:
    from .tasks import send_notification

    for user in users:
        if user.email:

            def send_after_commit(user_pk: int = user.pk) -> None:
                send_notification.delay(kind, user_pk, object_pk)

            # robust: a mail server failure is logged, never undoes or breaks the signed order.
            transaction.on_commit(send_after_commit, robust=True)


def notify_order_signed(order: Order) -> None:
    """TR-15, TR-18: each listener the signed order concerns hears of it."""
    kind = ORDER_KINDS.get(Order.Kind(order.kind))
    if kind is None:
        return
    items = list(order.items.select_related("enrolment__listener", "replacement"))
    _queue(kind, [item.enrolment.listener for item in items], order.pk)
    if order.kind == Order.Kind.REPLACEMENT:
        _queue(Kind.ADMITTED, [item.replacement for item in items if item.replacement], order.pk)


def notify_questions_published(programme: CourseProgramme) -> None:
    """TR-20: the group's admitted listeners receive the sample list of exam questions."""
    from .selectors import group_active_listeners

    _queue(Kind.QUESTIONS, group_active_listeners(programme.group), programme.pk)


def notify_expulsion_proposal(proposal: ExpulsionProposal) -> None:
    """TR-18: the vice-rector decides whether to propose expulsion to the rector."""
    vice_rectors = User.objects.filter(groups__name=Role.VICE_RECTOR, is_active=True).distinct()
    _queue(Kind.EXPULSION_PROPOSAL, vice_rectors, proposal.pk)


def _link(name: str, *args: Any) -> str:
    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    return base + reverse(name, args=args)


def _date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _order_message(kind: str, order: Order, user: User) -> tuple[str, str]:
    group = order.group
    course = group.course
    values = {
        "name": user.full_name,
        "course": str(course),
        "group": group.name,
        "number": order.number,
        "date": _date(order.date),
        "start": _date(course.start_date),
        "end": _date(course.end_date),
        "link": _link("training:my_courses"),
    }
    if kind == Kind.ADMITTED:
        subject = _("Admitted to the course “%(course)s”") % values
        body = _(
            "Dear %(name)s,\n\nBy the rector's order No. %(number)s of %(date)s you are admitted to the course “%(course)s”, group %(group)s, %(start)s – %(end)s.\n\nThe timetable, materials and calendar link are on your page: %(link)s"
        )
    elif kind == Kind.EXPELLED:
        subject = _("Expelled from the course “%(course)s”") % values
        body = _(
            "Dear %(name)s,\n\nBy the rector's order No. %(number)s of %(date)s you are expelled from the course “%(course)s”, group %(group)s, for missing classes without good reason."
        )
    else:
        subject = _("Withdrawn from the course “%(course)s”") % values
        body = _(
            "Dear %(name)s,\n\nBy the rector's order No. %(number)s of %(date)s you are withdrawn from the course “%(course)s”, group %(group)s."
        )
    return subject, body % values


def _questions_message(programme: CourseProgramme, user: User) -> tuple[str, str]:
    course = programme.group.course
    values = {
        "name": user.full_name,
        "course": str(course),
        "exam": _date(programme.exam_date),
        "form": programme.get_exam_form_display(),
        "questions": programme.sample_questions,
        "link": _link("training:my_courses"),
    }
    subject = _("Sample exam questions: %(course)s") % values
    body = _(
        "Dear %(name)s,\n\nThe sample list of exam questions of the course “%(course)s” is published. Exam: %(form)s, %(exam)s.\n\n%(questions)s\n\nYour page: %(link)s"
    )
    return subject, body % values


def _proposal_message(proposal: ExpulsionProposal, user: User) -> tuple[str, str]:
    enrolment = proposal.enrolment
    values = {
        "name": user.full_name,
        "listener": enrolment.listener.full_name,
        "course": str(enrolment.group.course),
        "group": enrolment.group.name,
        "count": proposal.unexcused_count,
        "link": _link("training:proposal_list"),
    }
    subject = _("Expulsion proposal: %(listener)s") % values
    body = _(
        "Dear %(name)s,\n\n%(listener)s (course “%(course)s”, group %(group)s) has missed %(count)s classes without good reason. Decide whether to propose expulsion to the rector: %(link)s"
    )
    return subject, body % values


def build_message(kind: str, object_pk: int, user: User) -> tuple[str, str] | None:
    """Subject and body in the active language, or None if the object is gone."""
    if kind == Kind.QUESTIONS:
        programme = (
            CourseProgramme.objects.select_related("group__course").filter(pk=object_pk).first()
        )
        return _questions_message(programme, user) if programme else None
    if kind == Kind.EXPULSION_PROPOSAL:
        proposal = (
            ExpulsionProposal.objects.select_related(
                "enrolment__listener", "enrolment__group__course"
            )
            .filter(pk=object_pk)
            .first()
        )
        return _proposal_message(proposal, user) if proposal else None
    order = Order.objects.select_related("group__course").filter(pk=object_pk).first()
    return _order_message(kind, order, user) if order else None


def send(kind: str, user: User, object_pk: int) -> bool:
    message = build_message(kind, object_pk, user)
    if message is None or not user.email:
        return False
    subject, body = message
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    return True


__all__ = [
    "Kind",
    "notify_expulsion_proposal",
    "notify_order_signed",
    "notify_questions_published",
    "send",
]
