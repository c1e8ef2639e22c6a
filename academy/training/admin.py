from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import (
    Course,
    CourseProgramme,
    Enrolment,
    Group,
    Lesson,
    Order,
    OrderItem,
    SchedulePlan,
    SchedulePlanRow,
    StudyPlan,
    StudyPlanTopic,
)


class SchedulePlanRowInline(admin.TabularInline):
    model = SchedulePlanRow
    extra = 0


@admin.register(SchedulePlan)
class SchedulePlanAdmin(admin.ModelAdmin):
    list_display = ["year", "period", "version", "status"]
    list_filter = ["status", "year"]
    inlines = [SchedulePlanRowInline]
    readonly_fields = ["status", "council_agreed_at", "supreme_court_agreed_at", "approved_at"]


class StudyPlanTopicInline(admin.TabularInline):
    model = StudyPlanTopic
    extra = 0
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
