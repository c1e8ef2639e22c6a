"""Why an appeal is not considered, cannot be upheld or was decided as it was.

The database keeps a reason's code and parameters, never its wording, so that every
reader – the candidate, a member, the minutes – gets it in their own language. Free-text
comments typed by people stay as they were written.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

LATE = "late"  # AP-9, AP-14.1
LATE_ESSAY_CASE = "late_essay_case"  # AP-18, AP-14.1
ABSENT = "absent"  # AP-14.2
TOO_FAR_SHORT = "too_far_short"  # AP-15.3
NOT_IN_TEST = "not_in_test"  # AP-15.2
ANSWERED_CORRECTLY = "answered_correctly"  # AP-15.2
THRESHOLD_REACHED = "threshold_reached"
TOO_FEW_QUESTIONS = "too_few_questions"  # AP-15.1
AGREED_TO_CONTINUE = "agreed_to_continue"  # AP-20
ALREADY_RESAT = "already_resat"  # AP-22
VOTES = "votes"  # AP-23
VOTE_MAJORITY = "vote_majority"  # AP-23, part 1
VOTE_CHAIR = "vote_chair"  # AP-23, part 2
VOTE_NO_MAJORITY = "vote_no_majority"  # AP-23, part 3
# Text written before reasons were coded, kept word for word in `params["text"]`.
LEGACY = "legacy"

MESSAGES = {
    LATE: _("Filed after the deadline of %(deadline)s (3 working days, AP-9, AP-14)."),
    LATE_ESSAY_CASE: _(
        "Filed after the deadline of %(deadline)s (3 calendar days and no later than the day before the interview, AP-18, AP-14)."
    ),
    ABSENT: _("The candidate was absent from the sitting without good reason (AP-14)."),
    TOO_FAR_SHORT: _(
        "The candidate is %(missing)s points short of the threshold, more than 15 (AP-15.3)."
    ),
    NOT_IN_TEST: _("Not in the candidate's test (AP-15.2)."),
    ANSWERED_CORRECTLY: _("Answered correctly by the candidate (AP-15.2)."),
    THRESHOLD_REACHED: _("The result already reaches the threshold."),
    TOO_FEW_QUESTIONS: _(
        "%(count)s contested questions remain, fewer than the %(missing)s points missing (AP-15.1)."
    ),
    AGREED_TO_CONTINUE: _(
        "The candidate agreed to continue the interview after the fault (AP-20)."
    ),
    ALREADY_RESAT: _("This stage has already been re-sat once in this exam (AP-22)."),
    VOTES: _("Voting members: %(total)s; uphold: %(up)s; reject: %(down)s."),
    VOTE_MAJORITY: _(
        "More than half of the members entitled to vote upheld the appeal (AP-23: majority of the total number of members)."
    ),
    VOTE_CHAIR: _(
        "The votes to uphold and to reject were equal, so the chair's vote decided (AP-23)."
    ),
    VOTE_NO_MAJORITY: _(
        "No more than half of the members entitled to vote, absent members included, upheld the appeal, and the votes cast were not equal (AP-23)."
    ),
}
DATE_PARAMS = {"deadline"}


def render(code: str, params: dict[str, Any] | None = None) -> str:
    """The reason in the active language; "" for no reason."""
    params = dict(params or {})
    if not code:
        return ""
    if code == LEGACY:
        return str(params.get("text", ""))
    message = MESSAGES.get(code)
    if message is None:
        return code  # a code from a newer version: better shown than lost
    for name in DATE_PARAMS & params.keys():
        params[name] = date.fromisoformat(params[name]).strftime("%d.%m.%Y")
    return str(message) % params


@dataclass(frozen=True)
class Reason:
    """A reason as the rules give it: a code and JSON-safe parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return render(self.code, self.params)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}
