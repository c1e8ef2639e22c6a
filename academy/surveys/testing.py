"""Helpers for survey tests (shared with other apps' tests if they need a survey)."""

from . import selectors, services


def group_listeners(group):
    return [e.listener for e in group.enrolments.select_related("listener").order_by("pk")]


def answer(survey, listener, *, scores=(5, 4, 3), ratings=None, remarks="", comments=None):
    """Submit an answer; `ratings` maps lecturer → score (default: 5 for everyone)."""
    lecturers = list(selectors.group_lecturers(survey.group))
    ratings = ratings or {lecturer: 5 for lecturer in lecturers}
    comments = comments or {}
    services.response_submit(
        survey=survey,
        satisfaction=scores[0],
        knowledge_use=scores[1],
        effectiveness=scores[2],
        remarks=remarks,
        lecturer_scores=[
            services.LecturerScore(
                lecturer_id=lecturer.pk, score=score, comment=comments.get(lecturer, "")
            )
            for lecturer, score in ratings.items()
        ],
        by=listener,
    )
