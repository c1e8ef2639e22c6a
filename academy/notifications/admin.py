from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("recipient__surname", "recipient__iin")
    raw_id_fields = ("recipient",)
    readonly_fields = ("created_at", "read_at", "emailed_at")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "in_app", "email")
    raw_id_fields = ("user",)
