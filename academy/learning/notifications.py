"""E-mails of the distance learning system, each in the recipient's language (issue 14).

Queued when the transaction commits; a mail server failure is logged and never undoes
the grade that was saved.
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Assignment, Module, Submission


def _link(name: str, *args: Any) -> str:
    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    return base + reverse(name, args=args)


def graded_message(submission: Submission) -> tuple[str, str]:
    """Subject and body of the "your assignment is graded" e-mail, in the active language."""
    assignment = submission.assignment
    values = {
        "name": submission.listener.full_name,
        "assignment": assignment.title,
        "points": submission.points,
        "max": assignment.max_points,
        "feedback": submission.feedback or "–",
        "link": _link("learning:assignment_detail", assignment.pk),
    }
    subject = _("Assignment graded: %(assignment)s") % values
    body = (
        _(
            "Dear %(name)s,\n\nYour answer to the assignment “%(assignment)s” has been graded: "
            "%(points)s of %(max)s points.\n\nFeedback: %(feedback)s\n\n%(link)s"
        )
        % values
    )
    return subject, body


def _send_graded(submission_pk: int) -> None:
    submission = Submission.objects.select_related("assignment", "listener").get(pk=submission_pk)
    user = submission.listener
    with translation.override(user.preferred_language or "kk"):
        subject, body = graded_message(submission)
    send_mail(subject, body, None, [user.email])


def notify_graded(submission: Submission) -> None:
    """The listener hears of the grade and the feedback: in the system and, if they chose
    it (academy.notifications preferences), by this e-mail with the feedback."""
    from academy.notifications import kinds
    from academy.notifications.selectors import wants_email
    from academy.notifications.services import notify

    listener = submission.listener
    notify(
        recipients=[listener],
        kind=kinds.ASSIGNMENT_GRADED,
        params={"assignment": submission.assignment.title, "points": submission.points},
        link=("learning:assignment_detail", [submission.assignment_id]),
        email=False,  # the e-mail below carries the feedback itself
    )
    if listener.email and wants_email(listener, kinds.ASSIGNMENT_GRADED):
        transaction.on_commit(lambda pk=submission.pk: _send_graded(pk), robust=True)


def _already_told(kind: str, link_name: str, pk: int) -> set[int]:
    """Recipients already told of this object: a second beat or a retry tells nobody twice."""
    from academy.notifications.models import Notification

    return set(
        Notification.objects.filter(kind=kind, link_name=link_name, link_args=[pk]).values_list(
            "recipient_id", flat=True
        )
    )


def notify_module_released(module: Module, today: date | None = None) -> int:
    """ "New module released": the group's listeners hear of a module they can now open
    (released and not hidden), once each. Returns how many were told."""
    from academy.notifications import kinds
    from academy.notifications.services import notify

    from . import selectors

    if not selectors.listener_sees(module, today):
        return 0
    told = _already_told(kinds.MODULE_RELEASED, "learning:module_detail", module.pk)
    recipients = [
        user for user in selectors.group_listeners(module.course.group) if user.pk not in told
    ]
    notify(
        recipients=recipients,
        kind=kinds.MODULE_RELEASED,
        params={"module": module.title, "course": module.course.title},
        link=("learning:module_detail", [module.pk]),
    )
    return len(recipients)


def notify_assignment_due(assignment: Assignment) -> int:
    """ "Assignment due tomorrow": the group's listeners who have not submitted, once each."""
    from academy.notifications import kinds
    from academy.notifications.services import notify

    from . import selectors

    told = _already_told(kinds.ASSIGNMENT_DUE, "learning:assignment_detail", assignment.pk)
    submitted = set(assignment.submissions.values_list("listener_id", flat=True))
    recipients = [
        user
        for user in selectors.group_listeners(assignment.course.group)
        if user.pk not in told and user.pk not in submitted
    ]
    notify(
        recipients=recipients,
        kind=kinds.ASSIGNMENT_DUE,
        params={"assignment": assignment.title, "due": assignment.due_on.strftime("%d.%m.%Y")},
        link=("learning:assignment_detail", [assignment.pk]),
    )
    return len(recipients)


def send_daily_notices(today: date | None = None) -> int:
    """Beat, each morning: modules released today and assignments due tomorrow, in courses
    whose group is still studying. Returns how many listeners were told."""
    today = today or timezone.localdate()
    told = 0
    modules = Module.objects.filter(release_on=today, hidden=False).select_related("course__group")
    for module in modules:
        told += notify_module_released(module, today)
    assignments = Assignment.objects.filter(due_on=today + timedelta(days=1)).select_related(
        "course__group"
    )
    for assignment in assignments:
        told += notify_assignment_due(assignment)
    return told
