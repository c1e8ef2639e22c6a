"""Question texts on pages: plain text escaped with its line breaks, HTML sanitised."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe

from ..services.text import plain_text, sanitise_html

register = template.Library()


@register.filter
def question_text(value: str, is_html: bool | str) -> SafeString:
    """`{{ text|question_text:is_html }}` (a flag or the version's text_format): HTML is
    sanitised again when shown, plain text escaped with its line breaks."""
    if is_html is True or is_html == "html":
        return mark_safe(sanitise_html(value or ""))  # noqa: S308 - sanitised just above
    return linebreaksbr(value or "", autoescape=True)


@register.filter
def question_words(version: object) -> str:
    """A version's text as words (tags removed, entities decoded), for lists."""
    text = getattr(version, "text", "") or ""
    return plain_text(text, getattr(version, "text_format", "plain"))
