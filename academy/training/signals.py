"""Audit: every change to orders, enrolments, attendance and programmes is logged."""

from auditlog.registry import auditlog

from .models import (
    Attendance,
    Course,
    CourseProgramme,
    Enrolment,
    ExpulsionProposal,
    Group,
    Lesson,
    Order,
    OrderItem,
    SchedulePlan,
    StudyPlan,
)

for model in (
    Attendance,
    Course,
    CourseProgramme,
    Enrolment,
    ExpulsionProposal,
    Group,
    Lesson,
    Order,
    OrderItem,
    SchedulePlan,
    StudyPlan,
):
    auditlog.register(model)
