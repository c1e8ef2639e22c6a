"""Per-language course titles (django-modeltranslation): title_kk, title_ru, title_en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Course


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title",)
