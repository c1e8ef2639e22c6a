"""Demo discussions: a topic in the demo online course's forum and a question answered.

Idempotent: nothing is added once the course has a topic. Needs the learning demo.
"""

from typing import Any

from django.db import transaction

from academy.learning import selectors as learning
from academy.learning.models import OnlineCourse

from . import selectors, services
from .models import Topic


@transaction.atomic
def seed(stdout: Any) -> None:
    course = OnlineCourse.objects.select_related("group").order_by("pk").first()
    if course is None:
        stdout.write("Discussions: no online course; run the learning seed first.")
        return
    if Topic.objects.filter(course=course).exists():
        stdout.write("Discussions: demo data already present.")
        return
    listeners = list(learning.group_listeners(course.group))
    lecturer = selectors.group_lecturers(course.group).first()
    if not listeners or lecturer is None:
        stdout.write("Discussions: the demo course has no listener or lecturer.")
        return
    asker = next((u for u in listeners if u.email == "listener@academy.kz"), listeners[0])
    other = next((u for u in listeners if u.pk != asker.pk), asker)
    topic = services.topic_create(
        course=course,
        title="Сот әдебі: әлеуметтік желілердегі судья",
        body="<p>Судья әлеуметтік желіде өз пікірін қаншалықты білдіре алады?</p>",
        by=other,
    )
    services.post_reply(
        topic=topic,
        body="<p>Сот әдебі кодексінің 5-бабын қараңыз: бейтараптыққа нұқсан келтірмеу керек.</p>",
        by=lecturer,
    )
    question = services.question_ask(
        course=course,
        title="Апелляциялық шағым беру мерзімі",
        body="<p>Азаматтық істер бойынша апелляциялық шағым беру мерзімі қандай?</p>",
        by=asker,
    )
    services.post_reply(
        topic=question,
        body="<p>Шешім түпкілікті нысанда шығарылған күннен бастап бір ай.</p>",
        by=lecturer,
    )
    stdout.write(f"Discussions: a forum topic and an answered question on {course}.")
