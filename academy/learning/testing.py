"""Helpers for distance learning tests: a course with modules and self-check questions."""

from . import services


def add_module(course, by, *, title="Module", text="Material.", questions=0, **fields):
    """A module with `questions` two-option questions whose correct answer is option 1."""
    module = services.module_add(course=course, title=title, text=text, by=by, **fields)
    for index in range(questions):
        services.question_add(
            module=module, text=f"Question {index + 1}?", options=["Yes", "No"], correct=1, by=by
        )
    return module


def answers(module, right: int):
    """Answers to `module`'s self-check with the first `right` questions correct."""
    questions = list(module.questions.order_by("pk"))
    return {q.pk: (q.correct if i < right else 2) for i, q in enumerate(questions)}
