"""Review before publishing (003 ¶8, IS-18): the unit's editor submits, an authorised
person sends back or approves; revisions, scheduled publishing, unpublishing; and the
IS-21 refusal inside Wagtail's admin."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from academy.website.models import NewsPage
from academy.website.testing import live_versions, make_news


def _edit_data(page: NewsPage, action: str | None = None, **changes) -> dict:
    data = {
        "title": page.title,
        "slug": page.slug,
        "date": page.date.isoformat(),
        "body": rich_text(page.body),
        "urgent_reason": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        **changes,
    }
    form = nested_form_data(data)
    if action:
        form[f"action-{action}"] = "1"
    return form


def _post_edit(client, page, action=None, **changes):
    return client.post(f"/cms/pages/{page.pk}/edit/", _edit_data(page, action, **changes))


def _task_state(page):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    return state.current_task_state


@pytest.mark.clause("IS-18")
def test_editor_submits_reviewer_sends_back_then_approves_in_three_languages(
    db, client_as, editor, administrator
):
    news = make_news("Conference", user=editor, publish=False)
    as_editor, as_reviewer = client_as(editor), client_as(administrator)

    # The unit's editor cannot publish: the page only goes for review.
    assert _post_edit(as_editor, news, "publish").status_code in {200, 302, 403}
    assert live_versions(news) == set()
    response = _post_edit(as_editor, news, "submit")
    assert response.status_code == 302, response.content.decode()[:2000]
    task_state = _task_state(news)

    # The authorised person sends it back with a comment …
    url = f"/cms/pages/workflow/action/{news.pk}/reject/{task_state.pk}/"
    assert as_reviewer.post(url, {"comment": "Check the date"}).status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == "rejected"
    assert task_state.comment == "Check the date"
    assert live_versions(news) == set()

    # … the editor corrects and resubmits; the authorised person approves.
    news.refresh_from_db()
    assert _post_edit(as_editor, news, "submit", title="Conference 2026").status_code == 302
    task_state = _task_state(news)
    url = f"/cms/pages/workflow/action/{news.pk}/approve/{task_state.pk}/"
    assert as_reviewer.post(url, {"comment": "Approved"}).status_code == 302
    assert live_versions(news) == {"kk", "ru", "en"}
    news.refresh_from_db()
    assert news.title == "Conference 2026"
    # Revisions are kept: the draft, the first submission, the corrected one.
    assert news.revisions.count() >= 3


@pytest.mark.clause("IS-21")
def test_submitting_or_publishing_an_incomplete_page_is_refused_naming_the_languages(
    db, client_as, editor, administrator
):
    news = make_news("Forum", user=editor, publish=False, skip=("en",))
    for user, action in ((editor, "submit"), (administrator, "publish")):
        response = _post_edit(client_as(user), news, action)
        assert response.status_code == 200
        # /cms/ speaks the default language (Kazakh) here: "жоқ" is "missing".
        assert "жоқ: English" in response.content.decode()
    assert live_versions(news) == set()
    assert not WorkflowState.objects.for_instance(news).exists()


@pytest.mark.clause("IS-21")
def test_publish_hook_refuses_when_a_translation_went_missing(db, rf, administrator):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from academy.website.wagtail_hooks import refuse_incomplete_languages

    news = make_news("Meeting", publish=False, skip=("ru",))
    request = rf.post("/")
    request.user = administrator
    request.session = {}
    request._messages = FallbackStorage(request)
    response = refuse_incomplete_languages(request, news)
    assert response.status_code == 302
    assert "missing: Русский" in [str(m) for m in request._messages][0]


@pytest.mark.clause("IS-21")
def test_approval_sends_back_a_page_whose_translation_went_missing(
    db, client_as, editor, administrator
):
    news = make_news("Round table", user=editor, publish=False)
    assert _post_edit(client_as(editor), news, "submit").status_code == 302
    task_state = _task_state(news)
    news.get_translations().get(locale__language_code="en").delete()
    url = f"/cms/pages/workflow/action/{news.pk}/approve/{task_state.pk}/"
    assert client_as(administrator).post(url, {"comment": "Approved"}).status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == "rejected"
    assert "жоқ: English" in task_state.comment  # "missing: English", in Kazakh
    assert live_versions(news) == set()


@pytest.mark.clause("IS-18")
def test_scheduled_publishing_takes_all_languages_live_at_the_time(db, administrator):
    news = make_news("Scheduled", publish=False)
    go_live = timezone.now() + timedelta(days=1)
    news.go_live_at = go_live
    revision = news.save_revision(user=administrator)
    revision.publish(user=administrator)
    assert live_versions(news) == set()
    with time_machine.travel(go_live + timedelta(minutes=1)):
        call_command("publish_scheduled")
    assert live_versions(news) == {"kk", "ru", "en"}


@pytest.mark.clause("IS-18")
def test_only_the_authorised_person_unpublishes(db, client_as, editor, administrator):
    news = make_news("Old news")
    client_as(editor).post(f"/cms/pages/{news.pk}/unpublish/")
    news.refresh_from_db()
    assert news.live
    response = client_as(administrator).post(f"/cms/pages/{news.pk}/unpublish/")
    assert response.status_code == 302
    news.refresh_from_db()
    assert not news.live
