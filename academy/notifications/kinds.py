"""The kinds of notification: what each says, in the reader's language (issue 14).

A notification stores its kind and plain values; the text is translated when it is read
(in the page's language) or e-mailed (in the recipient's saved language), so a
notification written while the sender used Russian reads in Kazakh to a Kazakh reader.
Apps add kinds with `register`; the common ones of distance learning are here.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise  # on the preferences page
    text: str | Promise  # the message, with %(name)s placeholders filled from `params`
    subject: str | Promise  # the e-mail subject, same placeholders


_KINDS: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        _KINDS[kind.code] = kind


def get(code: str) -> Kind | None:
    return _KINDS.get(code)


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


DISCUSSION_REPLY = "discussion_reply"
DISCUSSION_QUESTION = "discussion_question"
DISCUSSION_ANSWER = "discussion_answer"
LIVE_SCHEDULED = "live_scheduled"
LIVE_REMINDER = "live_reminder"
ASSIGNMENT_GRADED = "assignment_graded"
MODULE_RELEASED = "module_released"
ASSIGNMENT_DUE = "assignment_due"

register(
    Kind(
        DISCUSSION_REPLY,
        _("A new reply in a discussion I take part in"),
        _("%(author)s replied in the discussion “%(topic)s”."),
        _("New reply: %(topic)s"),
    ),
    Kind(
        DISCUSSION_QUESTION,
        _("A listener's question to me as the group's lecturer"),
        _("%(author)s asked a question to the lecturer: “%(topic)s”."),
        _("Question to the lecturer: %(topic)s"),
    ),
    Kind(
        DISCUSSION_ANSWER,
        _("A reply to my question to the lecturer"),
        _("%(author)s answered your question “%(topic)s”."),
        _("Your question has been answered: %(topic)s"),
    ),
    Kind(
        LIVE_SCHEDULED,
        _("A live session of my group is scheduled"),
        _("Live session “%(title)s” is scheduled for %(when)s."),
        _("Live session scheduled: %(title)s"),
    ),
    Kind(
        LIVE_REMINDER,
        _("A reminder before a live session"),
        _("Live session “%(title)s” starts at %(when)s."),
        _("Reminder: %(title)s starts at %(when)s"),
    ),
    Kind(
        ASSIGNMENT_GRADED,
        _("My assignment is graded"),
        _("Your answer to the assignment “%(assignment)s” has been graded: %(points)s points."),
        _("Assignment graded: %(assignment)s"),
    ),
    Kind(
        MODULE_RELEASED,
        _("A new module of my online course is released"),
        _("A new module “%(module)s” is released in the course “%(course)s”."),
        _("New module: %(module)s"),
    ),
    Kind(
        ASSIGNMENT_DUE,
        _("An assignment I have not submitted is due tomorrow"),
        _("The assignment “%(assignment)s” is due tomorrow, %(due)s."),
        _("Due tomorrow: %(assignment)s"),
    ),
)
