from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Court, Region, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["surname", "first_name"]
    list_display = [
        "iin",
        "surname",
        "first_name",
        "email",
        "court",
        "category",
        "account_verified",
        "is_active",
    ]
    list_filter = ["account_verified", "is_active", "category", "groups"]
    search_fields = ["iin", "surname", "first_name", "email"]
    readonly_fields = ["verified_at", "verified_by", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["iin", "password"]}),
        (
            _("Person"),
            {
                "fields": [
                    "surname",
                    "first_name",
                    "patronymic",
                    "email",
                    "phone",
                    "preferred_language",
                ]
            },
        ),
        (
            _("Work"),
            {
                "fields": [
                    "court",
                    "position",
                    "category",
                    "staff_subcategory",
                    "specialisation",
                    "date_appointed_judge",
                ]
            },
        ),
        (
            _("Access"),
            {
                "fields": [
                    "account_verified",
                    "verified_at",
                    "verified_by",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["iin", "surname", "first_name", "email", "password1", "password2"],
            },
        )
    ]
    filter_horizontal = ["groups"]


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ["name", "kind", "code"]


@admin.register(Court)
class CourtAdmin(TranslationAdmin):
    list_display = ["name", "level", "region"]
    list_filter = ["level", "region"]
    search_fields = ["name"]
