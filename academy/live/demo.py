"""Demo live sessions: an online class of the demo online course's group tomorrow, tied to
one of its distance classes, and the online oral exam if the exams demo has an oral exam."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from academy.accounts.models import User
from academy.exams.models import Exam
from academy.learning.models import OnlineCourse
from academy.training.models import Lesson

from . import services
from .models import LiveSession


@transaction.atomic
def seed(stdout: Any) -> None:
    if LiveSession.objects.exists():
        stdout.write("Live sessions: demo data already present.")
        return
    methodologist = User.objects.filter(email="methodologist@academy.kz").first()
    if methodologist is None:
        stdout.write("Live sessions: demo users missing; run the accounts seed first.")
        return
    made = []
    course = OnlineCourse.objects.select_related("group").order_by("pk").first()
    if course is not None:
        group = course.group
        lesson = (
            Lesson.objects.filter(programme__group=group, mode=Lesson.Mode.DISTANCE)
            .order_by("starts_at", "pk")
            .first()
        )
        start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        start += timedelta(days=1)
        start = start.replace(hour=10)
        services.session_schedule(
            group=group,
            title=lesson.topic if lesson else "Онлайн дәріс",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            lesson=lesson,
            by=methodologist,
        )
        made.append(f"an online class of {group}")
    exam = Exam.objects.filter(kind=Exam.Kind.ORAL).order_by("pk").first()
    if exam is not None:
        start = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0)
        start += timedelta(days=2)
        services.oral_exam_schedule(
            exam=exam, starts_at=start, ends_at=start + timedelta(hours=3), by=methodologist
        )
        made.append(f"the online oral exam “{exam}”")
    stdout.write("Live sessions: " + ("; ".join(made) if made else "nothing to schedule."))
