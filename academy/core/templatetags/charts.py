"""`{% bar_chart rows title=... max_value=... unit=... %}`: an inline SVG bar chart."""

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString

from academy.core.charts import bar_chart_svg

register = template.Library()


@register.simple_tag
def bar_chart(
    rows: Sequence[tuple[str, float]], title: str, max_value: Any = None, unit: str = ""
) -> SafeString:
    return bar_chart_svg(
        rows, title=title, max_value=float(max_value) if max_value else None, unit=unit
    )
