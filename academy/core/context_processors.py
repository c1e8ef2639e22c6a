from typing import Any

from django.conf import settings
from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"LANGUAGE_CHOICES": settings.LANGUAGES}
