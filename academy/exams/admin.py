from django.contrib import admin

from .models import (
    Attempt,
    AttemptEvent,
    Blueprint,
    BlueprintRule,
    CaseTask,
    CommissionMember,
    Exam,
    OralTicket,
    Participant,
    Question,
    QuestionCategory,
    QuestionVersion,
    Result,
    ResultCorrection,
)


@admin.register(QuestionCategory)
class QuestionCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    search_fields = ["name"]


class VersionInline(admin.TabularInline):
    model = QuestionVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "text", "payload", "fingerprint", "created_at", "created_by"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["pk", "category", "qtype", "language", "is_active"]
    list_filter = ["qtype", "language", "is_active", "category"]
    # Wording and answers change only through question_update (a new version).
    readonly_fields = ["qtype", "current_version"]
    inlines = [VersionInline]


class RuleInline(admin.TabularInline):
    model = BlueprintRule
    extra = 1


@admin.register(Blueprint)
class BlueprintAdmin(admin.ModelAdmin):
    list_display = ["name", "points_per_item", "duration_minutes"]
    inlines = [RuleInline]


class MemberInline(admin.TabularInline):
    model = CommissionMember
    extra = 0
    autocomplete_fields = ["user"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["listener"]
    readonly_fields = ["extra_minutes", "extra_reason", "extra_granted_by"]


class TicketInline(admin.TabularInline):
    model = OralTicket
    extra = 0


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "kind", "audience", "exam_date", "status"]
    list_filter = ["kind", "audience", "status"]
    readonly_fields = ["status", "commission_fixed_by", "commission_fixed_at"]
    inlines = [MemberInline, ParticipantInline, TicketInline]


@admin.register(CaseTask)
class CaseTaskAdmin(admin.ModelAdmin):
    list_display = ["title", "specialisation", "form", "language"]
    list_filter = ["specialisation", "form", "language"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["code", "exam", "status", "started_at", "deadline", "submitted_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Attempt._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(AttemptEvent)
class AttemptEventAdmin(admin.ModelAdmin):
    list_display = ["attempt", "kind", "occurred_at"]
    list_filter = ["kind"]


class CorrectionInline(admin.TabularInline):
    model = ResultCorrection
    extra = 0
    can_delete = False
    readonly_fields = ["old_points", "new_points", "reason", "corrected_by", "corrected_at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    # Read-only: confirmed results change only through result_correct (a recorded correction).
    list_display = ["listener", "exam", "points", "numeric_equivalent", "passed", "confirmed_at"]
    readonly_fields = [f.name for f in Result._meta.fields]
    inlines = [CorrectionInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
