"""Texts of the website: plain text with paragraphs and links, never HTML from editors.

The markup is deliberately tiny: a blank line starts a new paragraph, a line break is
kept, `[label](address)` or a bare `https://…` address becomes a link. Everything else
is escaped, so nothing an editor types can become markup or script.
"""

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LINK_RE = re.compile(
    r"\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]+)\)|(?P<bare>https?://[^\s<>()\[\]\"']+)"
)
TRAILING_PUNCTUATION = ".,;:!?"
DEFAULT_OWN_DOMAINS = ("academy.kz",)


def own_domains() -> tuple[str, ...]:
    """IS-20: the Academy's own domains (settings.PORTAL_OWN_DOMAINS)."""
    domains = getattr(settings, "PORTAL_OWN_DOMAINS", DEFAULT_OWN_DOMAINS)
    return tuple(d.strip().lower().removeprefix("www.") for d in domains if d.strip())


def _links(text: str) -> Iterator[tuple[re.Match[str], str, str]]:
    """(match, label, address) of every link; a bare address loses trailing punctuation."""
    for match in LINK_RE.finditer(text or ""):
        if match.group("bare"):
            url = match.group("bare").rstrip(TRAILING_PUNCTUATION)
            yield match, url, url
        else:
            yield match, match.group("label"), match.group("url")


def links_in(text: str) -> list[str]:
    return [url for _match, _label, url in _links(text)]


SPECIAL_SCHEMES = {"http", "https", "ftp", "ws", "wss", "file"}
SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
UNSAFE_CHARS_RE = re.compile(r"[\x00-\x1f\x7f]")


def normalise_url(url: str) -> str | None:
    """The address as a browser reads it, or None when it carries control characters.

    Browsers strip leading and trailing spaces and control characters, drop tabs and
    line breaks anywhere, read a backslash as a slash in web addresses and accept any
    number of slashes after "https:"; so "/\\evil.example" is "//evil.example".
    """
    url = url.strip("".join(chr(code) for code in range(0x21)))
    url = re.sub(r"[\t\n\r]", "", url)
    if UNSAFE_CHARS_RE.search(url):
        return None
    match = SCHEME_RE.match(url)
    scheme = match.group(1).lower() if match else ""
    if scheme and scheme not in SPECIAL_SCHEMES:
        return url
    url = url.replace("\\", "/")
    if scheme:
        url = f"{scheme}://" + url[match.end() :].lstrip("/")  # type: ignore[union-attr]
    return url


def host_of(url: str) -> str:
    url = normalise_url(url) or ""
    return (urlsplit(url).hostname or "").lower().rstrip(".").removeprefix("www.")


def _host_matches(host: str, domains: Iterable[str]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains if domain)


def _is_local(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def is_allowed_link(url: str, partner_hosts: Iterable[str]) -> bool:
    """IS-20: a link to the Academy's own site (or its pages) or to a partner's site.

    The address is checked as a browser will read it (normalise_url), not as typed.
    """
    normalised = normalise_url(url)
    if normalised is None:
        return False
    if _is_local(normalised):
        return True  # a page of this site
    try:
        parts = urlsplit(normalised)
        hostname = parts.hostname
    except ValueError:  # a malformed port or IPv6 address
        return False
    if parts.scheme == "mailto":
        return _host_matches(parts.path.rpartition("@")[2].lower(), own_domains())
    if parts.scheme not in {"http", "https", ""} or not hostname:
        return False
    host = host_of(normalised)
    return _host_matches(host, own_domains()) or _host_matches(host, partner_hosts)


def disallowed_links(text: str, partner_hosts: Iterable[str]) -> list[str]:
    hosts = list(partner_hosts)
    return [url for url in links_in(text) if not is_allowed_link(url, hosts)]


def _safe_href(url: str) -> bool:
    normalised = normalise_url(url)
    if normalised is None:
        return False
    if _is_local(normalised):
        return True
    return urlsplit(normalised).scheme in {"http", "https", "mailto"}


def _render_inline(text: str) -> str:
    out: list[str] = []
    position = 0
    for match, label, url in _links(text):
        out.append(escape(text[position : match.start()]))
        end = match.start() + len(url) if match.group("bare") else match.end()
        if _safe_href(url):
            # The page links to the address as checked, not as typed.
            out.append(f'<a href="{escape(normalise_url(url))}">{escape(label)}</a>')
        else:
            out.append(escape(text[match.start() : end]))
        position = end
    out.append(escape(text[position:]))
    return "<br>\n".join("".join(out).split("\n"))


def render_body(text: str | None) -> SafeString:
    """Paragraphs and links only; everything else escaped."""
    paragraphs = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    html = "\n".join(f"<p>{_render_inline(p.strip())}</p>" for p in paragraphs if p.strip())
    return mark_safe(html)  # noqa: S308 – every piece above is escaped


def excerpt(text: str | None, words: int = 30) -> str:
    """Plain text of the first paragraph, links reduced to their labels."""
    first = re.split(r"\n\s*\n", (text or "").strip())[0] if text else ""
    plain = LINK_RE.sub(lambda m: m.group("label") or m.group("bare"), first)
    parts = plain.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
