"""Per-language names of qualification exams and commissions: title_kk, title_ru, title_en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Commission, Exam


@register(Exam)
class ExamTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Commission)
class CommissionTranslationOptions(TranslationOptions):
    fields = ("title",)
