"""IS-16: the news feed (RSS and Atom) lists the published news in the address's language."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from academy.portal.testing import make_news

pytestmark = pytest.mark.django_db


def _get(client, name, lang):
    with translation.override(lang):
        return client.get(reverse(name))


@pytest.mark.clause("IS-16")
def test_the_rss_feed_lists_published_news_only(client, editor):
    make_news(editor, stem="Published")
    make_news(editor, stem="Draft", publish=False)
    response = _get(client, "portal:news_feed", "ru")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "ru"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Published [ru]"]
    assert "/ru/site/legacy/news/" in channel.find("item").findtext("link")


@pytest.mark.clause("IS-21")
def test_the_atom_feed_is_in_english_under_en(client, editor):
    make_news(editor, stem="Item")
    response = _get(client, "portal:news_atom", "en")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)] == [
        "Item [en]"
    ]
