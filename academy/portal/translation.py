"""IS-21: per-language fields (django-modeltranslation): title_kk, title_ru, title_en …"""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, NewsItem, Page, Partner


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "body")


@register(NewsItem)
class NewsItemTranslationOptions(TranslationOptions):
    fields = ("title", "body")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "body", "place")


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name",)
