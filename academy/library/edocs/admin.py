from django.contrib import admin

from .models import AttachBatch, Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("filename", "record", "format", "access", "status", "downloads", "uploaded_at")
    list_filter = ("format", "access", "status")
    raw_id_fields = ("record", "batch", "uploaded_by")
    exclude = ("text",)
    readonly_fields = ("size", "pages", "downloads", "status", "error")


@admin.register(AttachBatch)
class AttachBatchAdmin(admin.ModelAdmin):
    list_display = ("filename", "status", "total", "processed", "created_at")
