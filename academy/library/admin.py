"""The loan-rules matrix is kept in the admin site (IS-12 administration)."""

from django.contrib import admin

from .models import LoanRule


@admin.register(LoanRule)
class LoanRuleAdmin(admin.ModelAdmin):
    list_display = (
        "reader_category", "kind", "loan_days", "max_loans", "renewals", "holds_allowed",
        "reading_room_only",
    )  # fmt: skip
    list_editable = ("loan_days", "max_loans", "renewals", "holds_allowed", "reading_room_only")
    list_filter = ("reader_category", "kind")
