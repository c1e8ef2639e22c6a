from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def news_index_of(page: Any) -> Any:
    """The news feed of the page's language."""
    from .. import selectors
    from ..models import NewsIndexPage

    if page is None:
        return None
    home = selectors.home_for(page.locale)
    return NewsIndexPage.objects.live().child_of(home).first() if home else None


@register.simple_tag
def news_feed_url(page: Any) -> str:
    index = news_index_of(page)
    return f"{index.url}rss/" if index else ""
