"""Training models (TR-3..TR-20); the rules are enforced in services."""

from .choices import ApprovalFields, ApprovalStatus, Audience, ClassForm, CourseKind, Language
from .courses import Course, CourseProgramme, Enrolment, Group, Lesson, Material
from .feeds import CalendarFeedKey
from .orders import Attendance, ExpulsionProposal, Order, OrderItem
from .plans import SchedulePlan, SchedulePlanRow, StudyPlan, StudyPlanTopic

__all__ = [
    "ApprovalFields",
    "ApprovalStatus",
    "Attendance",
    "Audience",
    "CalendarFeedKey",
    "ClassForm",
    "Course",
    "CourseKind",
    "CourseProgramme",
    "Enrolment",
    "ExpulsionProposal",
    "Group",
    "Language",
    "Lesson",
    "Material",
    "Order",
    "OrderItem",
    "SchedulePlan",
    "SchedulePlanRow",
    "StudyPlan",
    "StudyPlanTopic",
]
