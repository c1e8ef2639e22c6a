"""IS-20: a link that only looks like the Academy's own is refused when it is saved."""

import pytest
from django.core.exceptions import ValidationError

from academy.portal import services
from academy.portal.models import NewsItem
from academy.portal.testing import texts


@pytest.mark.clause("IS-20")
def test_a_backslash_link_to_another_host_is_refused_and_named(editor):
    body = texts("See")
    body["ru"] = "Подробнее: [own](/\\evil.example/path)"
    with pytest.raises(ValidationError) as error:
        services.news_create(title=texts("N"), body=body, by=editor)
    assert "/\\evil.example/path" in error.value.message_dict["body_ru"][0]
    assert not NewsItem.objects.exists()
