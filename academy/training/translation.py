"""Per-language course titles and class topics (django-modeltranslation): title_kk …"""

from modeltranslation.translator import TranslationOptions, register

from .models import Course, Lesson


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Lesson)
class LessonTranslationOptions(TranslationOptions):
    fields = ("topic",)
