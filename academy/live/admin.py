from django.contrib import admin

from .models import LiveAttendance, LiveSession


class AttendanceInline(admin.TabularInline):
    model = LiveAttendance
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("first_joined_at", "last_joined_at", "joins")


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "group", "exam", "starts_at", "ends_at", "cancelled")
    list_filter = ("kind", "cancelled")
    search_fields = ("title", "room")
    raw_id_fields = ("group", "lesson", "exam", "created_by")
    readonly_fields = ("room", "reminder_sent_at", "created_at")
    inlines = [AttendanceInline]
