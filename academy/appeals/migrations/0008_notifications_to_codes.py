"""Turn the notifications stored as text into message codes with parameters.

A text is recognised when it is one of the known messages in English, Kazakh or Russian;
anything else is kept word for word as a "legacy" message. The messages are copied here so
that later changes to the app do not change this migration.
"""

import re
from datetime import datetime

from django.db import migrations
from django.utils import timezone, translation
from django.utils.translation import gettext

MESSAGES = {
    "appeal_filed": "A new appeal has been filed: %(appeal)s.",
    "sitting_scheduled": "Your appeal will be heard on %(when)s, %(place)s.",
    "materials_ready": "Materials for the sitting of %(when)s are ready for study.",
    "postponement_asked": "The candidate asks to postpone %(appeal)s.",
    "postponed": "The hearing of %(appeal)s has been postponed; a new date will follow.",
    "decided": "The commission has decided on %(appeal)s: %(decision)s.",
}
APPEAL = "Appeal No. %(number)s"
DECISIONS = {"reject": "Rejected", "uphold": "Upheld, admitted to a re-sit"}
LANGUAGES = ("en", "kk", "ru")
PLACEHOLDER = re.compile(r"%\\\((\w+)\\\)s")


def _patterns():
    """(code, message regex, appeal regex, {decision label: code}) per language."""
    patterns = []
    for language in LANGUAGES:
        with translation.override(language):
            appeal = re.compile(
                PLACEHOLDER.sub(r"(?P<\1>\\d+)", re.escape(gettext(APPEAL)))
            )
            decisions = {gettext(label): code for code, label in DECISIONS.items()}
            for code, msgid in MESSAGES.items():
                regex = PLACEHOLDER.sub(r"(?P<\1>.+?)", re.escape(gettext(msgid)))
                patterns.append((code, re.compile(regex), appeal, decisions))
    return patterns


def _params(match, appeal, decisions):
    params = match.groupdict()
    if "appeal" in params:
        params["appeal"] = int(appeal.fullmatch(params["appeal"])["number"])
    if "decision" in params:
        params["decision"] = decisions[params["decision"]]
    if "when" in params:
        when = datetime.strptime(params["when"], "%d.%m.%Y %H:%M")
        params["when"] = timezone.make_aware(when).isoformat()
    return params


def _recognise(text, patterns):
    for code, pattern, appeal, decisions in patterns:
        match = pattern.fullmatch(text)
        if match:
            try:
                return code, _params(match, appeal, decisions)
            except (KeyError, TypeError, ValueError):
                continue
    return "legacy", {"text": text}


def forwards(apps, schema_editor):
    Notification = apps.get_model("appeals", "Notification")
    patterns = _patterns()
    for notification in Notification.objects.all():
        code, params = _recognise(notification.text.strip(), patterns)
        notification.code, notification.params = code, params
        notification.save(update_fields=["code", "params"])


def backwards(apps, schema_editor):
    """Write the notifications back as English text."""
    Notification = apps.get_model("appeals", "Notification")
    for notification in Notification.objects.all():
        code, params = notification.code, dict(notification.params)
        if code == "legacy" or code not in MESSAGES:
            notification.text = params.get("text", code)
        else:
            if "appeal" in params:
                params["appeal"] = APPEAL % {"number": params["appeal"]}
            if "decision" in params:
                params["decision"] = DECISIONS.get(params["decision"], params["decision"])
            if "when" in params:
                when = timezone.localtime(datetime.fromisoformat(params["when"]))
                params["when"] = when.strftime("%d.%m.%Y %H:%M")
            notification.text = MESSAGES[code] % params
        notification.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [("appeals", "0007_notification_codes")]

    operations = [migrations.RunPython(forwards, backwards)]
