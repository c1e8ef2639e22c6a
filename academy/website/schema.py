"""drf-spectacular: the integration API's schema describes /api/ only, not Wagtail's
internal admin API (which needs a request to describe and is not for external systems)."""

from typing import Any


def only_integration_api(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
