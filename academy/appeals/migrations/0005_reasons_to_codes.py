"""Turn the reasons stored as text into codes with parameters.

A text is recognised when it is one of the known messages in English, Kazakh or Russian;
anything else (edited by hand, an older wording) is kept word for word as a "legacy" reason.
The messages are copied here so that later changes to the app do not change this migration.
"""

import re
from datetime import datetime

from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext

MESSAGES = {
    "late": "Filed after the deadline of %(deadline)s (3 working days, AP-9, AP-14).",
    "absent": "The candidate was absent from the sitting without good reason (AP-14).",
    "too_far_short": (
        "The candidate is %(missing)s points short of the threshold, more than 15 (AP-15.3)."
    ),
    "not_in_test": "Not in the candidate's test (AP-15.2).",
    "answered_correctly": "Answered correctly by the candidate (AP-15.2).",
    "threshold_reached": "The result already reaches the threshold.",
    "too_few_questions": (
        "%(count)s contested questions remain, fewer than the %(missing)s points missing "
        "(AP-15.1)."
    ),
    "agreed_to_continue": "The candidate agreed to continue the interview after the fault (AP-20).",
    "already_resat": "This stage has already been re-sat once in this exam (AP-22).",
    "votes": "Voting members: %(total)s; uphold: %(up)s; reject: %(down)s.",
}
LANGUAGES = ("en", "kk", "ru")
PLACEHOLDER = re.compile(r"%\\\((\w+)\\\)s")


def _patterns():
    patterns = []
    for language in LANGUAGES:
        with translation.override(language):
            for code, msgid in MESSAGES.items():
                text = gettext(msgid)
                regex = PLACEHOLDER.sub(r"(?P<\1>.+?)", re.escape(text))
                patterns.append((code, re.compile(regex)))
    return patterns


def _params(code, match):
    params = match.groupdict()
    if "deadline" in params:
        params["deadline"] = datetime.strptime(params["deadline"], "%d.%m.%Y").date().isoformat()
    for name in ("total", "up", "down", "count"):
        if name in params:
            params[name] = int(params[name])
    return params


def _recognise(text, patterns):
    """(code, params) for a whole text, or a legacy reason."""
    for code, pattern in patterns:
        match = pattern.fullmatch(text)
        if match:
            try:
                return code, _params(code, match)
            except ValueError:
                continue
    return "legacy", {"text": text}


def _grounds(text, patterns):
    """The decision's reasons: the vote count first, then what could not be upheld."""
    grounds = []
    for code, pattern in patterns:
        if code != "votes":
            continue
        match = pattern.match(text)
        if match:
            grounds.append({"code": code, "params": _params(code, match)})
            text = text[match.end() :].strip()
            break
    if text:
        code, params = _recognise(text, patterns)
        grounds.append({"code": code, "params": params})
    return grounds


def forwards(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    ContestedQuestion = apps.get_model("appeals", "ContestedQuestion")
    patterns = _patterns()
    for appeal in Appeal.objects.all():
        if appeal.status_reason:
            code, params = _recognise(appeal.status_reason.strip(), patterns)
            appeal.status_reason_code, appeal.status_reason_params = code, params
        if appeal.cannot_be_upheld_reason:
            code, params = _recognise(appeal.cannot_be_upheld_reason.strip(), patterns)
            appeal.cannot_be_upheld_code, appeal.cannot_be_upheld_params = code, params
        if appeal.decision_reasons:
            appeal.decision_grounds = _grounds(appeal.decision_reasons.strip(), patterns)
        appeal.save(
            update_fields=[
                "status_reason_code",
                "status_reason_params",
                "cannot_be_upheld_code",
                "cannot_be_upheld_params",
                "decision_grounds",
            ]
        )
    for question in ContestedQuestion.objects.exclude(disregarded_reason=""):
        code, params = _recognise(question.disregarded_reason.strip(), patterns)
        question.disregarded_code, question.disregarded_params = code, params
        question.save(update_fields=["disregarded_code", "disregarded_params"])


def backwards(apps, schema_editor):
    """Write the reasons back as English text."""
    Appeal = apps.get_model("appeals", "Appeal")
    ContestedQuestion = apps.get_model("appeals", "ContestedQuestion")

    def text(code, params):
        if not code:
            return ""
        if code == "legacy":
            return params.get("text", "")
        params = dict(params)
        if "deadline" in params:
            params["deadline"] = datetime.fromisoformat(params["deadline"]).strftime("%d.%m.%Y")
        return MESSAGES[code] % params

    for appeal in Appeal.objects.all():
        appeal.status_reason = text(appeal.status_reason_code, appeal.status_reason_params)
        appeal.cannot_be_upheld_reason = text(
            appeal.cannot_be_upheld_code, appeal.cannot_be_upheld_params
        )
        appeal.decision_reasons = " ".join(
            text(g["code"], g["params"]) for g in appeal.decision_grounds
        )
        appeal.save()
    for question in ContestedQuestion.objects.exclude(disregarded_code=""):
        question.disregarded_reason = text(question.disregarded_code, question.disregarded_params)
        question.save()


class Migration(migrations.Migration):
    dependencies = [("appeals", "0004_reason_codes")]

    operations = [migrations.RunPython(forwards, backwards)]
