"""Only the partners list is kept in the admin as well; pages, news and events go
through the editors' pages, where the publishing rules (IS-18 – IS-21) are enforced."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    list_display = ("name", "url")
    search_fields = ("name", "url")
