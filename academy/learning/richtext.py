"""Rich text of the teaching material: sanitised with bleach, so a <script> never runs.

The text is cleaned when saved (services) and again when shown (idempotent), so even a
row written before sanitising existed, or by hand in the database, cannot inject markup.
"""

import re

import bleach
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "code",
        "pre", "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr",
        "th", "td", "hr", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "th": ["colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
_BLOCK = re.compile(r"<(p|ul|ol|h[2-4]|table|blockquote|pre)\b", re.IGNORECASE)


def sanitize(text: str) -> str:
    """Keep the harmless formatting, drop scripts, event handlers, styles and odd links."""
    cleaned = bleach.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    # bleach strips <script> tags but keeps their inner text: harmless (escaped), but useless.
    return cleaned.strip()


def rich_text_html(text: str) -> SafeString:
    """Safe HTML for a template: sanitised; plain text is split into paragraphs."""
    cleaned = sanitize(text)
    if _BLOCK.search(cleaned):
        return mark_safe(cleaned)  # noqa: S308 – sanitised by bleach just above
    blocks = cleaned.replace("\r\n", "\n").split("\n\n")
    paragraphs = [" ".join(block.split()) for block in blocks if block.strip()]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # noqa: S308 – sanitised
