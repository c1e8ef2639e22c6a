"""Per-language exam titles (django-modeltranslation): title_kk, title_ru, title_en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Exam


@register(Exam)
class ExamTranslationOptions(TranslationOptions):
    fields = ("title",)
