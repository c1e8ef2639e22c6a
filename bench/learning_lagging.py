"""Lagging listeners and the gradebook of distance learning (issue 14).

Seeds C running online courses, each with L listeners, M modules (released over the last
weeks), A assignments (due in the past) and a spread of progress and submissions, into
its own database (dropped and created each run; its name must contain "bench"). Prints
the time and the number of queries of:

- `completion.lagging` over all the courses (the /learning/lagging/ page and the
  methodologist's dashboard panel), median of 5 runs;
- `selectors.gradebook` of one course (the lecturer's page), median of 5 runs.

    .venv/bin/python bench/learning_lagging.py                     # 20 courses × 30 listeners
    .venv/bin/python bench/learning_lagging.py --courses 50 --listeners 40
    BENCH_DATABASE_URL=sqlite:///var/bench_learning.sqlite3 .venv/bin/python bench/learning_lagging.py

Not a test: it changes only its own database.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import recreate_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/academy_bench_learning"


def timed(action, runs: int = 5) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(times) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courses", type=int, default=20)
    parser.add_argument("--listeners", type=int, default=30)
    parser.add_argument("--modules", type=int, default=6)
    parser.add_argument("--assignments", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    from academy.accounts.roles import Role
    from academy.accounts.testing import persona
    from academy.learning import completion, selectors, services
    from academy.learning.models import Module, OnlineCourse, Progress, Submission
    from academy.training.models import Enrolment, Lesson
    from academy.training.testing import (
        CourseFactory,
        EnrolmentFactory,
        GroupFactory,
        LessonFactory,
        ProgrammeFactory,
        listener_factory,
    )

    today = timezone.localdate()
    methodologist = persona(Role.METHODOLOGIST)
    seeded = time.perf_counter()
    for c in range(args.courses):
        lecturer = persona(Role.LECTURER)
        course = CourseFactory(
            start_date=today - timedelta(days=12), end_date=today + timedelta(days=16)
        )
        group = GroupFactory(course=course, name=f"B-{c}")
        programme = ProgrammeFactory(group=group, exam_date=course.end_date)
        LessonFactory(programme=programme, lecturer=lecturer, mode=Lesson.Mode.DISTANCE)
        listeners = [listener_factory() for _ in range(args.listeners)]
        for listener in listeners:
            EnrolmentFactory(group=group, listener=listener, status=Enrolment.Status.ADMITTED)
        online = services.online_course_create(group=group, title=f"Course {c}", by=lecturer)
        modules = [
            services.module_add(
                course=online,
                title=f"M{m}",
                text="Material.",
                release_on=today - timedelta(days=2 * (args.modules - m)),
                by=lecturer,
            )
            for m in range(args.modules)
        ]
        assignments = [
            services.assignment_create(
                course=online,
                title=f"A{a}",
                instructions="Write.",
                due_on=today - timedelta(days=3 * a + 1),
                by=lecturer,
            )
            for a in range(args.assignments)
        ]
        now = timezone.now()
        # A spread: listener i studied the first i % (M + 1) modules and submitted some.
        Progress.objects.bulk_create(
            Progress(module=module, listener=listener, studied_at=now, last_activity_at=now)
            for i, listener in enumerate(listeners)
            for module in modules[: i % (len(modules) + 1)]
        )
        Submission.objects.bulk_create(
            Submission(assignment=assignment, listener=listener, text="x", submitted_at=now)
            for i, listener in enumerate(listeners)
            for assignment in assignments[: i % (len(assignments) + 1)]
        )
    seconds = time.perf_counter() - seeded
    courses = completion.current_courses(selectors.monitored_courses(methodologist))
    print(
        f"{len(courses)} courses × {args.listeners} listeners × "
        f"{args.modules} modules + {args.assignments} assignments; database "
        f"{connection.vendor}; seeded in {seconds:.1f} s"
    )
    rows: list = []

    def lag() -> None:
        rows[:] = completion.lagging(courses).rows

    ms, queries = timed(lag)
    print(
        f"lagging over all courses:  {ms:8.1f} ms  {queries} queries  {len(rows)} listeners behind"
    )
    one = OnlineCourse.objects.select_related("group__course").first()
    ms, queries = timed(lambda: selectors.gradebook(one))
    print(f"gradebook of one course:   {ms:8.1f} ms  {queries} queries")
    ms, queries = timed(lambda: selectors.course_monitoring(one))
    print(f"monitoring of one course:  {ms:8.1f} ms  {queries} queries")
    assert Module.objects.count() == args.courses * args.modules


if __name__ == "__main__":
    main()
