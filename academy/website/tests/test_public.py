"""The public side: pages per language, switcher and hreflang, search, sitemap, robots,
feeds, documents and images."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from academy.website.models import Attachment, DocumentsPage, StandardPage
from academy.website.testing import add, make_news, section


@pytest.mark.clause("IS-21")
def test_a_news_item_is_served_in_three_languages_with_switcher_and_hreflang(client, db):
    news = make_news("Forum")
    ru = news.get_translations().get(locale__language_code="ru")
    html = client.get(ru.url).content.decode()
    assert "Forum [ru]" in html
    for code in ("kk", "ru", "en"):
        assert f'hreflang="{code}"' in html
    assert f'href="{news.url}"' in html  # the switcher leads to the same page in kk
    assert news.url.startswith("/kk/site/news/")
    assert client.get(news.url).status_code == 200


def test_a_draft_is_not_public(client, db):
    news = make_news("Secret", publish=False)
    assert client.get(f"/kk/site/news/{news.slug}/").status_code == 404


@pytest.mark.clause("IS-14")
def test_the_sections_are_in_the_menu_of_every_language(client, db):
    html = client.get("/ru/site/").content.decode()
    for label in ("Об Академии", "Приём", "Контакты", "Новости"):
        assert label in html
    assert client.get("/en/site/paid-courses/").status_code == 200


def test_search_finds_pages_in_the_language_of_the_address(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the index is updated on commit
        make_news("Olympiad", body="Олимпиада по праву")
    html = client.get("/ru/site/search/", {"q": "Olympiad"}).content.decode()
    assert "Olympiad [ru]" in html
    assert "Olympiad [en]" not in html
    assert "Olympiad [en]" in client.get("/en/site/search/", {"q": "Olympiad"}).content.decode()
    assert client.get("/kk/site/search/").status_code == 200


def test_sitemap_lists_live_pages_of_every_language_and_no_drafts(client, db):
    news = make_news("Mapped")
    draft = make_news("Unmapped", publish=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert news.url in xml
    assert "/ru/site/" in xml and "/en/site/about/" in xml
    assert draft.slug not in xml


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /cms/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.clause("IS-16")
def test_news_feeds_keep_their_addresses_per_language(client, db):
    make_news("Feed item")
    rss = client.get("/en/site/news/rss/")
    assert rss.status_code == 200
    assert "Feed item [en]" in rss.content.decode()
    atom = client.get("/kk/site/news/atom/").content.decode()
    assert "<feed" in atom and "Feed item" in atom


def test_old_news_addresses_lead_to_the_imported_item(client, db):
    news = make_news("Legacy")
    news.legacy_pk = 41
    news.save_revision().publish()
    response = client.get("/kk/site/news/41/")
    assert response.status_code == 301
    assert response["Location"] == news.url


def test_documents_page_offers_its_attachments(client, db):
    document = Document.objects.create(
        title="Order No. 5", file=ContentFile(b"%PDF-1.4 test", name="order.pdf")
    )
    page = DocumentsPage(title="Acts", slug="acts", intro="<p>Acts</p>")
    page.attachments.add(Attachment(document=document, caption="Order No. 5"))
    add(section("about"), page)
    html = client.get(page.url).content.decode()
    assert "Order No. 5" in html
    response = client.get(document.url)
    assert response.status_code == 200


def test_a_news_image_is_served_as_a_rendition(client, db):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 600), "navy").save(buffer, "PNG")
    image = Image.objects.create(title="Hall", file=ContentFile(buffer.getvalue(), "hall.png"))
    news = make_news("Pictured", image=image)
    html = client.get(news.url).content.decode()
    src = html.split('src="/site-images/')[1].split('"')[0]
    response = client.get("/site-images/" + src)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")


@pytest.mark.parametrize(
    "old",
    [
        "/kk/site/",
        "/ru/site/news/",
        "/en/site/events/",
        "/kk/site/about/",
        "/kk/site/about/history/",
        "/kk/site/news/41/",
        "/kk/site/news/41/image/",
        "/kk/site/news/rss/",
        "/kk/site/news/atom/",
        "/kk/site/editor/",
        "/kk/site/editor/news/",
        "/kk/site/editor/events/",
        "/kk/site/editor/partners/",
    ],
)
def test_every_old_portal_address_still_answers(db, client_as, administrator, old):
    """The portal's addresses before Wagtail: a page, or a redirect to one (never 404)."""
    add(section("about"), StandardPage(title="History", slug="history", body="<p>1997</p>"))
    from django.core.cache import caches

    for cache in caches.all():  # Wagtail caches renditions; each test has its own media
        cache.clear()
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 400), "navy").save(buffer, "PNG")
    image = Image.objects.create(title="Hall", file=ContentFile(buffer.getvalue(), "hall.png"))
    news = make_news("Legacy", image=image)
    news.legacy_pk = 41
    news.save_revision().publish()
    response = client_as(administrator).get(old, follow=True)
    assert response.status_code == 200, (old, response.redirect_chain)
