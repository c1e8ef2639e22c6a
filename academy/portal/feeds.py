"""IS-16: the news feed as RSS and Atom, in the language of the URL prefix."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import NewsItem
from .text import excerpt

FEED_SIZE = 20


class NewsFeed(Feed):
    # The feed's language is the active one, i.e. that of the /kk/, /ru/ or /en/ prefix.
    title = _("News of the Academy of Justice")
    description = _("The news feed of the Academy of Justice website.")

    def link(self) -> str:
        return reverse("portal:news_list")

    def items(self) -> list[NewsItem]:
        return list(selectors.published_news()[:FEED_SIZE])

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return excerpt(item.body, 60)

    def item_pubdate(self, item: NewsItem) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: NewsItem) -> datetime:
        return item.updated_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
