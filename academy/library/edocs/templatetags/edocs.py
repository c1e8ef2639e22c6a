from typing import Any

from django import template

from ..selectors import online_links
from ..selectors import record_documents as _record_documents

register = template.Library()


@register.inclusion_tag("library_edocs/_documents.html", takes_context=True)
def record_documents(context: Any, record: Any) -> dict[str, Any]:
    """The documents of a record on its catalogue page, with links to read them."""
    return {
        "record": record,
        "documents": list(_record_documents(record)),
        "links": online_links(record),
        "is_staff": context.get("is_staff", False),
    }
