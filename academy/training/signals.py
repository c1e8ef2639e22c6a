"""Audit: every change to orders, enrolments, attendance and programmes is logged.

`order_signed` is sent inside the signing transaction, so a receiver that raises
(e.g. documents refusing a certificate, TR-29) leaves the order unsigned.
"""

from auditlog.registry import auditlog
from django.dispatch import Signal

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

# Sent with `order` and `by` once a signed order has changed the listeners' statuses.
order_signed = Signal()
