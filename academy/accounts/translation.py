"""Per-language model fields (django-modeltranslation): name_kk, name_ru, name_en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Court, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Court)
class CourtTranslationOptions(TranslationOptions):
    fields = ("name",)
