"""IS-16: a news image is stored under a random name and served by a public view."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from academy.portal import services
from academy.portal.testing import make_news, texts


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#00afca").save(buffer, "PNG")
    return buffer.getvalue()


def _news_with_image(editor, *, publish: bool):
    news = make_news(editor, publish=False)
    news.image = SimpleUploadedFile("../../секрет фото.png", _png())
    news.save()
    return services.news_publish(news=news, by=editor) if publish else news


def test_the_image_is_stored_under_a_random_name(editor):
    news = _news_with_image(editor, publish=False)
    assert re.fullmatch(r"portal/news/\d{4}/[0-9a-f]{32}\.png", news.image.name)


def test_a_published_items_image_is_public_and_the_page_links_to_it(editor):
    news = _news_with_image(editor, publish=True)
    image_url = reverse("portal:news_image", args=[news.pk])
    response = Client().get(image_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == _png()
    page = Client().get(reverse("portal:news_detail", args=[news.pk])).content.decode()
    assert f'src="{image_url}"' in page and "/media/" not in page


def test_a_drafts_image_is_not_public(client_as, editor):
    news = _news_with_image(editor, publish=False)
    image_url = reverse("portal:news_image", args=[news.pk])
    assert Client().get(image_url).status_code == 404
    assert client_as(editor).get(image_url).status_code == 200


def test_an_item_without_an_image_has_none(editor):
    news = services.news_create(title=texts("N"), body=texts("B"), by=editor)
    services.news_publish(news=news, by=editor)
    assert Client().get(reverse("portal:news_image", args=[news.pk])).status_code == 404
