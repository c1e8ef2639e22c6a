"""Every URL of the project: anonymous visitors are sent to log in, nobody ever gets a 500.

Walks the whole URL configuration, so a view added later without a check fails here.
"""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from academy.accounts.roles import Role

# Pages anyone may open without logging in.
PUBLIC = {
    "healthz",
    "favicon",
    "set_language",
    "javascript-catalog",
    "core:home",
    "accounts:login",
    "accounts:register",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:logout",
    "admin:login",
    "documents:verify",  # the public check of a certificate (its QR code links here)
    "signatures:verify",  # anyone checks a signed PDF or a document with its .cms (IS-4.8)
    "library:search",  # IS-12 reader search (OPAC) is open to everyone
    "library:articles",
    "library:record_detail",
    "library:authorities",  # the authority file and the class browser are reader search too
    "library:authority_detail",
    "library:classification",
    "oai:endpoint",  # OAI-PMH for harvesters: the public catalogue's metadata, no login
    # The public website (IS-14): its editors' pages (portal:editor_…, …_create) are not here.
    "portal:front",
    "portal:news_list",
    "portal:news_feed",
    "portal:news_atom",
    "portal:news_detail",
    "portal:event_list",
    "portal:section",
    "portal:page",
    # The Wagtail website (academy/website): search, sitemap, robots, the form of a
    # password-protected page, and the admin's sprite and JavaScript catalogue.
    "website_search",
    "sitemap",
    "robots",
    "wagtailcore_login",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "api:schema",  # the API's OpenAPI schema and its docs describe it; no data in them
    "api:docs",
}
PUBLIC_PREFIXES = (
    "training:calendar_feed",
    "training:ical",
)  # signed-link feeds answer 404 to bad tokens

SAMPLE_BY_CONVERTER = {
    "int": "999999",
    "str": "x",
    "slug": "x",
    "uuid": str(uuid.UUID(int=1)),
    "path": "x",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + _route(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + _route(entry.pattern)


def _route(pattern) -> str:
    route = getattr(pattern, "_route", None)
    if route is None:
        return str(pattern).lstrip("^").rstrip("$").replace("\\", "")
    for name, converter in pattern.converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        sample = SAMPLE_BY_CONVERTER.get(kind, "x")
        route = route.replace(f"<{kind}:{name}>", sample).replace(f"<{name}>", sample)
    return route


def project_urls() -> list[tuple[str, str]]:
    urls = []
    for name, route in _walk(get_resolver().url_patterns):
        if name.startswith("admin:") or "(?P<" in route or "<" in route:
            continue  # the admin has its own checks (administrators only, tested elsewhere)
        urls.append((name, "/" + route.lstrip("/")))
    return urls


URLS = project_urls()


@pytest.mark.parametrize(("name", "path"), URLS, ids=[name for name, _ in URLS])
def test_anonymous_visitors_are_sent_to_log_in(client, db, name, path):
    response = client.get(path)
    assert response.status_code != 500
    if name in PUBLIC or name.startswith(PUBLIC_PREFIXES):
        return
    if name.startswith("api:"):  # systems are not sent to a login page: 401 and how to log in
        assert response.status_code in {401, 405}, (path, response.status_code)
        assert response["WWW-Authenticate"] == "Api-Key", path
        return
    assert response.status_code in {302, 404, 405}, (path, response.status_code)
    if response.status_code == 302:
        # Wagtail's own /cms/login/ redirects on to /accounts/login/ (academy/urls.py).
        location = response["Location"]
        assert "/accounts/login/" in location or location.startswith("/cms/login/"), (
            path,
            location,
        )


@pytest.mark.parametrize("role", [Role.LISTENER, Role.CANDIDATE, Role.READER])
def test_no_url_answers_500_to_a_logged_in_outsider(client, make_persona, role):
    client.force_login(make_persona(role))
    failures = []
    for name, path in URLS:
        if name in {"accounts:logout"}:
            continue
        for method in ("get", "post"):
            status = getattr(client, method)(path).status_code
            if status >= 500:
                failures.append((method, path, status))
    assert failures == []
