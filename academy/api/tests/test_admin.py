"""Administrators issue keys in the admin; the key is shown once and works."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from academy.api.models import ApiKey


def test_an_administrator_issues_a_key_shown_once(client_as, administrator, methodologist):
    client = client_as(administrator)
    expires = timezone.localtime() + timedelta(days=90)
    response = client.post(
        "/kk/admin/api/apikey/add/",
        {
            "name": "Court Administration",
            "user": methodologist.pk,
            "scopes": ["groups:read", "groups:write"],
            "expires_at_0": expires.strftime("%Y-%m-%d"),
            "expires_at_1": expires.strftime("%H:%M:%S"),
            "rate_per_minute": 60,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    key = ApiKey.objects.get(name="Court Administration")
    assert key.scopes == ["groups:read", "groups:write"]
    assert key.created_by == administrator
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    raw = next(word for text in shown for word in text.split() if word.startswith(key.prefix + "."))
    api = Client(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert api.get("/api/v1/groups/").status_code == 200
    change = f"/kk/admin/api/apikey/{key.pk}/change/"
    assert raw in client.get(change).content.decode()  # the page after saving shows it once
    assert raw not in client.get(change).content.decode()
