"""Per-language titles (django-modeltranslation): title_kk, title_ru, title_en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Document, Module, OnlineCourse


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(OnlineCourse)
class OnlineCourseTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Module)
class ModuleTranslationOptions(TranslationOptions):
    fields = ("title",)
