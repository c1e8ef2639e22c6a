"""In-app notifications and e-mails in the reader's language, each user choosing which."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from academy.notifications import kinds, selectors, services
from academy.notifications.models import Notification


def _notify(user, **extra):
    return services.notify(
        recipients=[user],
        kind=kinds.LIVE_SCHEDULED,
        params={"title": "Сот этикасы", "when": "05.12.2026 10:00"},
        link=("notifications:list", []),
        **extra,
    )


def test_the_text_is_written_in_the_readers_language(listener):
    (note,) = _notify(listener)
    with translation.override("en"):
        assert note.text == "Live session “Сот этикасы” is scheduled for 05.12.2026 10:00."
    with translation.override("ru"):
        assert note.text == "Онлайн-занятие «Сот этикасы» назначено на 05.12.2026 10:00."


def test_the_email_goes_after_commit_in_the_recipients_saved_language(
    listener, django_capture_on_commit_callbacks
):
    listener.preferred_language = "en"
    listener.save(update_fields=["preferred_language"])
    with translation.override("kk"), django_capture_on_commit_callbacks(execute=True):
        (note,) = _notify(listener)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Live session scheduled: Сот этикасы"
    assert "/en/notifications/" in mail.outbox[0].body
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_each_user_chooses_the_channels(listener, django_capture_on_commit_callbacks):
    services.preferences_save(user=listener, choices={kinds.LIVE_SCHEDULED: (False, True)})
    with django_capture_on_commit_callbacks(execute=True):
        (note,) = _notify(listener)
    assert not note.in_app and len(mail.outbox) == 1
    assert selectors.unread_count(listener) == 0
    services.preferences_save(user=listener, choices={kinds.LIVE_SCHEDULED: (False, False)})
    assert _notify(listener) == []
    with pytest.raises(ValidationError):
        services.preferences_save(user=listener, choices={"nonsense": (True, True)})


def test_a_user_sees_and_opens_only_their_own(client_as, listener, lecturer):
    (mine,) = _notify(listener)
    (theirs,) = _notify(lecturer)
    client = client_as(listener)
    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200
    assert (
        page.content.decode().count(f'href="{reverse("notifications:open", args=[mine.pk])}"') == 1
    )
    assert f'href="{reverse("notifications:open", args=[theirs.pk])}"' not in page.content.decode()
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"].endswith("/notifications/")
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_the_bell_shows_the_unread_count_and_mark_all_read_clears_it(client_as, listener):
    _notify(listener)
    _notify(listener)
    client = client_as(listener)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="notification-count">2' in page
    client.post(reverse("notifications:read_all"))
    assert selectors.unread_count(listener) == 0
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="notification-count"' not in page


def test_the_preferences_page_saves(client_as, listener):
    client = client_as(listener)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    data = {f"{kind.code}__in_app": "on" for kind in kinds.all_kinds()}
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert selectors.preference(listener, kinds.DISCUSSION_ANSWER) == (True, False)


def test_an_unknown_kind_is_refused(listener):
    with pytest.raises(ValidationError):
        services.notify(recipients=[listener], kind="nonsense")
    assert not Notification.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
