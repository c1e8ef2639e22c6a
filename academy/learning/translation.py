"""Per-language document titles (django-modeltranslation): title_kk, title_ru, title_en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Document


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
