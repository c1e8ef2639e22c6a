from django.contrib import admin
from django.core.exceptions import ValidationError

from . import services
from .models import (
    Appeal,
    Commission,
    ContestedQuestion,
    Exam,
    GraderSheet,
    Recusal,
    Resit,
    ReviewSheet,
    Sitting,
    StageResult,
    TestAnswer,
    Vote,
)


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on"]


class TestAnswerInline(admin.TabularInline):
    model = TestAnswer
    extra = 0


class GraderSheetInline(admin.TabularInline):
    model = GraderSheet
    extra = 0


@admin.register(StageResult)
class StageResultAdmin(admin.ModelAdmin):
    list_display = ["candidate", "exam", "stage", "points", "threshold", "received_on", "is_resit"]
    list_filter = ["exam", "stage"]
    search_fields = ["candidate__surname", "candidate__iin"]
    raw_id_fields = ["candidate"]
    inlines = [TestAnswerInline, GraderSheetInline]


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    list_display = ["title", "approved_on", "chair", "secretary"]
    filter_horizontal = ["members", "exams"]

    def save_related(self, request, form, formsets, change):  # noqa: ANN001, ANN201
        super().save_related(request, form, formsets, change)
        try:
            services.commission_validate(commission=form.instance)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), level="error")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Appeals, sheets and votes change only through the services (AP-24)."""

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


class ContestedQuestionInline(admin.TabularInline):
    model = ContestedQuestion
    extra = 0


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "result", "status", "decision", "filed_at"]
    list_filter = ["status", "decision"]
    inlines = [ContestedQuestionInline]


admin.site.register([Sitting, Recusal, ReviewSheet, Vote, Resit], ReadOnlyAdmin)
