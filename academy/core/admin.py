from django.contrib import admin

from .models import WorkingDayOverride


@admin.register(WorkingDayOverride)
class WorkingDayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "decree", "note"]
    list_filter = ["kind"]
    search_fields = ["decree", "note"]
    date_hierarchy = "date"
