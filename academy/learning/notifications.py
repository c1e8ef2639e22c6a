"""E-mails of the distance learning system, each in the recipient's language (issue 14).

Queued when the transaction commits; a mail server failure is logged and never undoes
the grade that was saved.
"""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Submission


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
