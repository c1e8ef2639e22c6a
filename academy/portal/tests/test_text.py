"""The website's texts are rendered safely: paragraphs and links, nothing else."""

import pytest

from academy.portal.text import (
    disallowed_links,
    excerpt,
    is_allowed_link,
    links_in,
    render_body,
)


def test_markup_is_escaped():
    html = render_body('<script>alert(1)</script> <b onclick="x">bold</b>')
    assert "<script>" not in html and "<b" not in html
    assert "&lt;script&gt;" in html


def test_paragraphs_and_line_breaks():
    assert render_body("One\nline two\n\nTwo") == "<p>One<br>\nline two</p>\n<p>Two</p>"


def test_links_are_rendered_and_their_labels_escaped():
    html = render_body("See [the <court>](https://sud.gov.kz/a?b=1&c=2) or https://academy.kz.")
    assert '<a href="https://sud.gov.kz/a?b=1&amp;c=2">the &lt;court&gt;</a>' in html
    assert '<a href="https://academy.kz">https://academy.kz</a>.' in html


def test_a_script_address_never_becomes_a_link():
    html = render_body("[click](javascript:alert(1))")
    assert "<a" not in html and "javascript:alert(1)" in html


@pytest.mark.clause("IS-20")
def test_links_are_found_and_checked_against_own_and_partner_hosts(settings):
    settings.PORTAL_OWN_DOMAINS = ["academy.kz"]
    text = "[a](https://academy.kz/x) https://evil.example.com/y, [b](//evil.example.net) [c](javascript:x)"
    assert links_in(text) == [
        "https://academy.kz/x",
        "https://evil.example.com/y",
        "//evil.example.net",
        "javascript:x",
    ]
    assert disallowed_links(text, ["sud.gov.kz"]) == links_in(text)[1:]
    assert disallowed_links("https://notacademy.kz https://www.sud.gov.kz", ["sud.gov.kz"]) == [
        "https://notacademy.kz"
    ]


def test_an_excerpt_is_plain_text_of_the_first_paragraph():
    assert excerpt("See [the court](https://sud.gov.kz) now.\n\nMore.") == "See the court now."


@pytest.mark.clause("IS-20")
@pytest.mark.parametrize(
    "trick",
    [
        "/\\evil.example/path",  # a backslash is a slash to a browser: //evil.example
        "\\\\evil.example/path",
        "//evil.example/path",  # scheme-relative
        "https:/\\evil.example",
        "https:\\\\evil.example",
        "https:///evil.example/",  # any number of slashes
        "https://evil.example\\@academy.kz/",  # the host is evil.example, not academy.kz
        "https://academy.kz@evil.example/",  # userinfo
        "https://academy.kz:pass@evil.example/",
        "\x01https://evil.example/",  # a control character
        "/\x00/evil.example",
        "https://evil.example.\x7f/",
    ],
)
def test_tricky_addresses_are_checked_as_a_browser_reads_them(settings, trick):
    settings.PORTAL_OWN_DOMAINS = ["academy.kz"]
    assert not is_allowed_link(trick, ["sud.gov.kz"])
    assert disallowed_links(f"[own]({trick})", ["sud.gov.kz"]) == [trick]


@pytest.mark.clause("IS-20")
@pytest.mark.parametrize(
    "fine",
    [
        "/kk/news/",
        "https://academy.kz/x",
        "HTTPS://WWW.ACADEMY.KZ/x",
        "https:\\\\academy.kz\\x",
        "//sud.gov.kz/path",
        "https://user@sud.gov.kz/",
        "mailto:info@academy.kz",
    ],
)
def test_own_and_partner_addresses_stay_allowed(settings, fine):
    settings.PORTAL_OWN_DOMAINS = ["academy.kz"]
    assert is_allowed_link(fine, ["sud.gov.kz"])


def test_the_page_links_to_the_address_as_checked():
    assert 'href="https://academy.kz/x"' in render_body("[a](https:\\\\academy.kz\\x)")
