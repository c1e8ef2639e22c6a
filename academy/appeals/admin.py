from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
    list_display = ["title", "starts_on", "interview_on"]


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


class CommissionForm(forms.ModelForm):
    class Meta:
        model = Commission
        fields = [
            "title",
            "approved_on",
            "approval_reference",
            "chair",
            "secretary",
            "members",
            "deputy",
            "exams",
        ]

    def clean(self) -> dict:
        data = super().clean()
        members = data.get("members")
        if members is not None:
            if data.get("secretary") in members:
                # AP-7
                self.add_error(
                    "members", _("The secretary is not a member of the commission (AP-7).")
                )
            if data.get("chair") and data["chair"] not in members:
                self.add_error("members", _("The chair must be one of the members."))
            deputy = data.get("deputy")
            if deputy and (deputy == data.get("chair") or deputy not in members):
                # AP-4
                self.add_error(
                    "deputy",
                    _("The member presiding in the chair's absence must be another member (AP-4)."),
                )
        return data


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    form = CommissionForm
    list_display = ["title", "approved_on", "chair", "secretary"]
    filter_horizontal = ["members", "exams"]


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
