"""Question texts: Moodle's text formats, HTML sanitising, plain-text views, language.

A question version stores its texts either as plain text or as sanitised HTML
(models.TextFormat). Moodle's four formats map onto them:

- ``plain``: plain text, kept as written;
- ``html``: HTML, sanitised (bleach) – scripts, event handlers and styles go, the
  structure stays (paragraphs, lists, tables, images, links);
- ``markdown``: rendered with ``markdown`` and then sanitised;
- ``moodle`` (Moodle's auto-format, the GIFT default): HTML when it has tags, with
  line breaks kept; plain text otherwise.

A question mixing formats is stored as HTML: its plain parts are escaped, so nothing
changes meaning (``[plain]blue`` shows "blue", ``[html]wrong`` shows "wrong").
"""

import html
import re

import bleach
import markdown as markdown_lib

PLAIN, HTML, MARKDOWN, MOODLE = "plain", "html", "markdown", "moodle"
FORMATS = (PLAIN, HTML, MARKDOWN, MOODLE)

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
        "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
        "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
        "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "img": ["src", "alt", "title", "width", "height"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
    "abbr": ["title"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_BLOCK = re.compile(
    r"<\s*(br|/p|/div|/li|/tr|/h[1-6]|/blockquote|/pre|/table|/dt|/dd|hr)\b[^>]*>", re.I
)
_KAZAKH = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def has_tags(text: str) -> bool:
    return bool(_TAG.search(text))


def sanitise_html(text: str) -> str:
    """Safe HTML: unknown tags removed (their text kept), links to http(s)/mailto only."""
    # The content of scripts and styles is code, not text: it goes with the tag.
    text = re.sub(r"<(script|style)\b[^>]*>.*?</\1\s*>", "", text, flags=re.I | re.S)
    cleaned = bleach.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return cleaned.strip()


def plain_to_html(text: str) -> str:
    """Plain text as HTML showing the same characters and line breaks."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def to_html(text: str, fmt: str) -> str:
    """One text of a Moodle format as sanitised HTML."""
    if fmt == PLAIN:
        return plain_to_html(text)
    if fmt == MARKDOWN:
        return sanitise_html(markdown_lib.markdown(text))
    if fmt == MOODLE:
        if not has_tags(text):
            return plain_to_html(text)
        return sanitise_html(text.replace("\r\n", "\n").replace("\n", "<br>"))
    return sanitise_html(text)


def is_plain(text: str, fmt: str) -> bool:
    """Whether a text of this format means the same stored as plain text."""
    return fmt == PLAIN or (fmt == MOODLE and not has_tags(text))


def html_to_text(text: str) -> str:
    """The words of an HTML text: block ends become spaces, entities decoded."""
    spaced = _BLOCK.sub(" ", text)
    stripped = re.sub(r"<[^>]*>", "", spaced)
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()


def plain_text(text: str, stored_format: str) -> str:
    return html_to_text(text) if stored_format == HTML else text


def guess_language(text: str) -> str:
    """kk for a letter only Kazakh uses, ru for other Cyrillic, en for Latin, else ""."""
    words = html_to_text(text) if has_tags(text) else text
    if _KAZAKH.intersection(words):
        return "kk"
    if re.search(r"[А-Яа-яЁё]", words):
        return "ru"
    if re.search(r"[A-Za-z]", words):
        return "en"
    return ""
