from django import template
from django.utils.safestring import SafeString

from academy.portal.text import excerpt, render_body

register = template.Library()


@register.filter
def body(text: str | None) -> SafeString:
    """Render an editor's text safely: paragraphs and links only."""
    return render_body(text)


@register.filter
def summary(text: str | None, words: int = 30) -> str:
    return excerpt(text, words)
