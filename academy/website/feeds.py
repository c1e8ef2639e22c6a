"""IS-16: the news feed as RSS and Atom per language, at the old addresses
(/<lang>/site/news/rss/ and /<lang>/site/news/atom/)."""

from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from . import selectors

FEED_SIZE = 20


class NewsFeed(Feed):
    title = _("News of the Academy of Justice")
    description = _("The news feed of the Academy of Justice website.")

    def get_object(self, request: Any, index: Any = None, **kwargs: Any) -> Any:
        return index

    def link(self, index: Any) -> str:
        return index.url

    def items(self, index: Any) -> list[Any]:
        return list(selectors.news_of(index)[:FEED_SIZE])

    def item_title(self, item: Any) -> str:
        return item.title

    def item_link(self, item: Any) -> str:
        return item.url

    def item_description(self, item: Any) -> str:
        return Truncator(strip_tags(item.body)).words(60)

    def item_pubdate(self, item: Any) -> datetime | None:
        return item.first_published_at or timezone.make_aware(datetime.combine(item.date, time()))

    def item_updateddate(self, item: Any) -> datetime | None:
        return item.last_published_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
