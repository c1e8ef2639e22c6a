"""The public website on Wagtail (IS-14 – IS-21).

One page tree per language (kk, ru, en), linked as translations of each other
(wagtail.contrib.simple_translation). The rules of the regulation are checked in
`services.py`: on every save of a page (links, IS-20; urgent items, IS-15) and before a
page is submitted or published (all three languages complete, IS-21).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page
from wagtail.search import index

from academy.portal.models import Event as PortalEvent
from academy.portal.models import Section, stale_before

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class WebsitePageForm(WagtailAdminPageForm):
    """IS-21: submitting for review or publishing needs the page complete in kk, ru and en."""

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        if "action-publish" in self.data or "action-submit" in self.data:
            from .services import languages_message, missing_languages

            missing = missing_languages(self.instance, own=self.cleaned_data)
            if missing:
                self.add_error(None, languages_message(missing))
        return cleaned


class WebsitePage(Page):
    """What every page of the website has in common: the rules of services.check_page."""

    # IS-21: the fields that must be filled in (and translated) in every language.
    translated_fields: tuple[str, ...] = ("title",)
    base_form_class = WebsitePageForm

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        from .services import check_page

        check_page(self)

    def get_context(self, request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["menu"] = selectors.menu(self)
        context["home"] = selectors.home_for(self.locale)
        context["translations"] = selectors.translations_of(self)
        return context


class HomePage(WebsitePage):
    """The front page of one language: latest news, upcoming events, the sections."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "website.SectionPage",
        "website.NewsIndexPage",
        "website.EventIndexPage",
        "website.DocumentsPage",
    ]
    template = "website/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["news"] = selectors.latest_news(self.locale, 5)
        context["events"] = selectors.upcoming_events(self.locale)[:5]
        return context


class SectionPage(WebsitePage):
    """IS-14: a section of the website (about, admission, for learners …) and its pages."""

    section = models.CharField(_("section"), max_length=20, choices=Section.choices, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("section"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["website.HomePage", "website.SectionPage"]
    subpage_types = ["website.StandardPage", "website.DocumentsPage", "website.SectionPage"]
    template = "website/section_page.html"

    class Meta:
        verbose_name = _("website section")
        verbose_name_plural = _("website sections")


class StandardPage(WebsitePage):
    """IS-14, IS-17: a static page of a section, checked at least once a quarter."""

    translated_fields = ("title", "body")

    body = RichTextField(_("text"), blank=True, features=RICH_TEXT_FEATURES)
    reviewed_at = models.DateField(_("last checked"), null=True, blank=True, editable=False)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["website.SectionPage"]
    subpage_types: list[str] = []
    template = "website/standard_page.html"

    class Meta:
        verbose_name = _("website page")
        verbose_name_plural = _("website pages")

    def is_stale(self, today: date | None = None) -> bool:
        """IS-17: not checked (published or confirmed) for more than a quarter."""
        return self.reviewed_at is None or self.reviewed_at < stale_before(today)


class NewsIndexPage(RoutablePageMixin, WebsitePage):
    """IS-14, IS-16: the news feed, with RSS and Atom at today's addresses."""

    content_panels = list(Page.content_panels)
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.NewsPage"]
    template = "website/news_index_page.html"
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news feed")

    def get_context(self, request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        from django.core.paginator import Paginator

        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["items"] = Paginator(selectors.news_of(self), 10).get_page(request.GET.get("page"))
        return context

    @path("rss/", name="rss")
    def rss(self, request: HttpRequest) -> HttpResponse:
        from .feeds import NewsFeed

        return NewsFeed()(request, index=self)

    @path("atom/", name="atom")
    def atom(self, request: HttpRequest) -> HttpResponse:
        from .feeds import NewsAtomFeed

        return NewsAtomFeed()(request, index=self)

    @path("<int:legacy_pk>/", name="legacy")
    def legacy(self, request: HttpRequest, legacy_pk: int) -> HttpResponse:
        """The old portal's /site/news/<pk>/ addresses lead to the imported item."""
        item = NewsPage.objects.live().filter(legacy_pk=legacy_pk, locale=self.locale).first()
        if item is None:
            raise Http404
        return redirect(item.url, permanent=True)

    @path("<int:legacy_pk>/image/", name="legacy_image")
    def legacy_image(self, request: HttpRequest, legacy_pk: int) -> HttpResponse:
        """The old portal's /site/news/<pk>/image/ addresses lead to the item's picture."""
        item = NewsPage.objects.live().filter(legacy_pk=legacy_pk, locale=self.locale).first()
        if item is None or item.image is None:
            raise Http404
        from wagtail.images.views.serve import generate_image_url

        return redirect(generate_image_url(item.image, "width-800"), permanent=True)

    @path("", name="index")
    def index(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)


class NewsPage(WebsitePage):
    """IS-14, IS-16: a news item; IS-15: an urgent one names its initiator and reason."""

    translated_fields = ("title", "body")

    date = models.DateField(_("date"), default=timezone.localdate)
    body = RichTextField(_("text"), blank=True, features=RICH_TEXT_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    urgent = models.BooleanField(_("urgent unplanned item"), default=False)
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiated by (management)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    urgent_reason = models.TextField(_("reason for urgent publication"), blank=True)
    legacy_pk = models.PositiveIntegerField(null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("urgent"), FieldPanel("initiator"), FieldPanel("urgent_reason")],
            heading=_("Urgent unplanned item (IS-15)"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["website.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "website/news_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class EventIndexPage(WebsitePage):
    """IS-15: upcoming and past events."""

    content_panels = list(Page.content_panels)
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.EventPage"]
    template = "website/event_index_page.html"
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events")

    def get_context(self, request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context["upcoming"] = selectors.upcoming_events(self.locale, today)
        context["past"] = selectors.past_events(self.locale, today)[:20]
        return context


class EventPage(WebsitePage):
    """IS-15: an international event, forum, seminar, conference, competition or a
    teaching-methodological meeting."""

    translated_fields = ("title", "body")
    Kind = PortalEvent.Kind

    kind = models.CharField(_("kind"), max_length=20, choices=PortalEvent.Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    body = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    link = models.URLField(_("link"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("place"),
        FieldPanel("body"),
        FieldPanel("link"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("place"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["website.EventIndexPage"]
    subpage_types: list[str] = []
    template = "website/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An event cannot end before it starts.")})
        super().clean()


class DocumentsPage(WebsitePage):
    """Legal acts and other documents: a text and attachments from the document library."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("attachments", label=_("Attachments")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.RelatedFields("attachments", [index.SearchField("caption")]),
    ]
    parent_page_types = ["website.HomePage", "website.SectionPage"]
    subpage_types: list[str] = []
    template = "website/documents_page.html"

    class Meta:
        verbose_name = _("documents page")
        verbose_name_plural = _("documents pages")


class Attachment(Orderable):
    """A document of the library attached to a documents page, with its caption."""

    page = ParentalKey(DocumentsPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.PROTECT
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.caption or str(self.document)


class WebsiteReviewTask(AbstractGroupApprovalTask):
    """003 ¶8, IS-18: an authorised person approves what a unit's editor submitted.

    Approval re-checks the three languages (IS-21): if one went missing since the page
    was submitted, the page goes back to its editor with the missing languages named.
    """

    def on_action(self, task_state, user, action_name, **kwargs):  # type: ignore[no-untyped-def]
        if action_name == "approve":
            from .services import languages_message, missing_languages

            page = task_state.revision.as_object()
            missing = missing_languages(page, own=page)
            if missing:
                task_state.reject(user=user, comment=str(languages_message(missing)))
                return None
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls) -> str:
        return str(_("An authorised person approves the page in all three languages"))

    class Meta:
        verbose_name = _("website review")
        verbose_name_plural = _("website reviews")
