from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import (
    ApprovalStatus,
    Attendance,
    Course,
    CourseProgramme,
    Enrolment,
    ExpulsionProposal,
    Group,
    Lesson,
    Material,
    Order,
    OrderItem,
    SchedulePlan,
    SchedulePlanRow,
    StudyPlan,
    StudyPlanTopic,
)


class LockedWhenAgreedInline(admin.TabularInline):
    """TR-10, TR-12: once agreement has started a plan changes only by a new version."""

    extra = 0

    def _locked(self, obj) -> bool:  # noqa: ANN001
        return obj is not None and obj.status != ApprovalStatus.DRAFT

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class SchedulePlanRowInline(LockedWhenAgreedInline):
    model = SchedulePlanRow


@admin.register(SchedulePlan)
class SchedulePlanAdmin(admin.ModelAdmin):
    list_display = ["year", "period", "version", "status"]
    list_filter = ["status", "year"]
    inlines = [SchedulePlanRowInline]
    readonly_fields = ["status", "council_agreed_at", "supreme_court_agreed_at", "approved_at"]


class StudyPlanTopicInline(LockedWhenAgreedInline):
    model = StudyPlanTopic
    raw_id_fields = ["lecturer"]


@admin.register(StudyPlan)
class StudyPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "version", "status"]
    inlines = [StudyPlanTopicInline]
    readonly_fields = ["status", "council_agreed_at", "supreme_court_agreed_at", "approved_at"]


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    list_display = ["title", "kind", "audience", "start_date", "end_date", "status"]
    list_filter = ["kind", "audience", "status"]
    search_fields = ["title"]
    readonly_fields = ["status", "approved_at", "approved_by"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "audience", "language", "status"]
    list_filter = ["audience", "language", "status"]
    readonly_fields = ["status", "confirmed_at", "confirmed_by"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["listener", "group", "status"]
    list_filter = ["status"]
    raw_id_fields = ["listener", "group"]
    readonly_fields = ["status"]


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0
    raw_id_fields = ["lecturer"]


@admin.register(CourseProgramme)
class CourseProgrammeAdmin(admin.ModelAdmin):
    list_display = ["group", "exam_form", "exam_date", "status"]
    inlines = [LessonInline]
    readonly_fields = ["status", "approved_at", "approved_by", "sent_at"]


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    raw_id_fields = ["enrolment", "replacement"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "kind", "group", "status"]
    list_filter = ["kind", "status"]
    inlines = [OrderItemInline]
    readonly_fields = ["status", "signed_at", "signed_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["lesson", "enrolment", "mark", "recorded_by", "recorded_at"]
    list_filter = ["mark"]
    raw_id_fields = ["lesson", "enrolment", "recorded_by"]


@admin.register(ExpulsionProposal)
class ExpulsionProposalAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "unexcused_count", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["enrolment", "decided_by", "order"]
    readonly_fields = ["status", "decided_at", "decided_by", "order"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "added_by", "created_at"]
    raw_id_fields = ["group", "added_by"]
