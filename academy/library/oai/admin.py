from django.contrib import admin

from .models import DeletedRecord


@admin.register(DeletedRecord)
class DeletedRecordAdmin(admin.ModelAdmin):
    list_display = ("record_pk", "title", "kind", "language", "deleted_at")
    search_fields = ("title",)

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # a tombstone is what harvesters were told: never rewritten
