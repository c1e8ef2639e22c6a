from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail.images.views.serve import ServeView as ImageServeView

from academy.core import views as core_views
from academy.portal import views as portal_views
from academy.signatures import views as signature_views
from academy.website import views as website_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # The demo's OCSP responder for its test PKI (404 unless SIGNATURES_ACCEPT_TEST_PKI).
    path("signatures/test-pki/ocsp", signature_views.test_pki_ocsp, name="test_pki_ocsp"),
    path("signatures/test-pki/tsa", signature_views.test_pki_tsa, name="test_pki_tsa"),
    path("api/", include("academy.api.urls")),
    # OAI-PMH 2.0 for harvesters: one address, no language prefix.
    path("oai/", include("academy.library.oai.urls")),
    # The website's admin (Wagtail) behind our login; documents and images of the website.
    path("cms/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("cms/", include("wagtail.admin.urls")),
    path("site-documents/", include("wagtail.documents.urls")),
    re_path(
        r"^site-images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ImageServeView.as_view(action="serve"),
        name="wagtailimages_serve",
    ),
    path("sitemap.xml", website_views.sitemap, name="sitemap"),
    path("robots.txt", website_views.robots, name="robots"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("academy.accounts.urls")),
    path("training/", include("academy.training.urls")),
    path("exams/", include("academy.exams.urls")),
    path("appeals/", include("academy.appeals.urls")),
    path("documents/", include("academy.documents.urls")),
    path("surveys/", include("academy.surveys.urls")),
    path("learning/", include("academy.learning.urls")),
    path("library/edocs/", include("academy.library.edocs.urls")),
    path("library/", include("academy.library.urls")),
    # The old home-made site stays for its editors' lists until its content is moved.
    path("site/legacy/", include("academy.portal.urls")),
    re_path(r"^site/editor/(?P<rest>.*)$", portal_views.editor_moved),
    path("site/search/", website_views.search, name="website_search"),
    path("site/", include("wagtail.urls")),
    path("signatures/", include("academy.signatures.urls")),
    path("security/events/", include("academy.secevents.urls")),
    path("outgoing/", include("academy.outgoing.urls")),
    path("notifications/", include("academy.notifications.urls")),
    path("discussions/", include("academy.discussions.urls")),
    path("live/", include("academy.live.urls")),
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("academy.core.urls")),
    prefix_default_language=True,
)

handler400 = "academy.core.views.error_400"
# Every refused page is a security event (003 ¶10(2)), shown as core's error page.
handler403 = "academy.secevents.views.permission_denied"
handler404 = "academy.core.views.error_404"
handler500 = "academy.core.views.error_500"
