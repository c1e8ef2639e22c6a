"""`{{ exam|tr:"title" }}`: a translated name in the reader's language, a fallback marked."""

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, gettext

from academy.core import translated

register = template.Library()

NATIVE_NAMES = dict(settings.LANGUAGES)


@register.filter
def tr(obj: Any, field: str = "title") -> str:
    """The value of `field` for the reader; when it is another language's, say which."""
    if obj is None or obj == "":
        return ""
    if not translated.is_translated(obj, field):
        return conditional_escape(getattr(obj, field, ""))
    current = (get_language() or translated.DEFAULT_LANGUAGE).split("-")[0]
    value, language = translated.shown(obj, field, current)
    if language is None or language == current:
        return conditional_escape(value)
    note = gettext(
        "Not translated into this language yet; shown in the original: %(fallback)s."
    ) % {"fallback": NATIVE_NAMES.get(language, language)}
    return format_html(
        '<span lang="{}" data-fallback="{}">{}</span> '
        '<small class="badge rounded-pill text-bg-light border fw-normal" title="{}">'
        '{}<span class="visually-hidden"> – {}</span></small>',
        language,
        language,
        value,
        note,
        NATIVE_NAMES.get(language, language),
        note,
    )
