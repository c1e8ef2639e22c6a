"""Reads of the exams app."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from academy.accounts.models import User
from academy.accounts.permissions import user_has_role
from academy.accounts.roles import Role

from .models import Attempt, AttemptItem, CaseTask, Exam, Question, QuestionType, Result
from .services.text import plain_text

# Roles that manage exams as a whole (any exam); commission members see their own.
EXAM_MANAGER_ROLES = (Role.METHODOLOGIST, Role.RECTOR, Role.VICE_RECTOR, Role.ADMINISTRATOR)
BANK_ROLES = (Role.METHODOLOGIST, Role.LECTURER, Role.ADMINISTRATOR)
COMMISSION_ROLES = (
    Role.EXAM_COMMISSION_MEMBER,
    Role.RECTOR,
    Role.VICE_RECTOR,
    Role.SEC_DIRECTOR,
    Role.LECTURER,
)
STAFF_ROLES = tuple({*EXAM_MANAGER_ROLES, *COMMISSION_ROLES})
# Roles that maintain questions, blueprints, cases and oral tickets.
MATERIAL_ROLES = tuple({*BANK_ROLES, *EXAM_MANAGER_ROLES})


def exams_for(user: Any) -> QuerySet[Exam]:
    # A course quiz (learning's CourseQuiz) is run from its course, not among the exams.
    qs = Exam.objects.select_related("group", "blueprint").filter(course_quiz__isnull=True)
    if user_has_role(user, *EXAM_MANAGER_ROLES):
        return qs
    return qs.filter(commission__user=user).distinct()


def exam_visible_to_staff(exam: Exam, user: Any) -> bool:
    return user_has_role(user, *EXAM_MANAGER_ROLES) or exam.commission.filter(user=user).exists()


def listener_exams(user: Any) -> list[dict[str, Any]]:
    rows = []
    participations = user.exam_participations.filter(exam__course_quiz__isnull=True)
    for participant in participations.select_related("exam").order_by("-exam__pk"):
        exam = participant.exam
        # An attempt drawn at the opening but not started is not the listener's yet.
        attempt = (
            Attempt.objects.filter(exam=exam, listener=user)
            .exclude(status=Attempt.Status.READY)
            .first()
        )
        result = Result.objects.filter(exam=exam, listener=user, confirmed_at__isnull=False).first()
        rows.append({"exam": exam, "attempt": attempt, "result": result})
    return rows


def questions_list(*, category_id: int | None = None) -> QuerySet[Question]:
    qs = Question.objects.select_related("category", "current_version").filter(is_active=True)
    if category_id:
        qs = qs.filter(category_id=category_id)
    return qs.order_by("category__name", "pk")


def cases_list(*, exam: Exam | None = None, specialisation: str = "") -> QuerySet[CaseTask]:
    """Written cases (TR-22), of one exam and/or one specialisation when given."""
    qs = exam.cases.all() if exam is not None else CaseTask.objects.all()
    if specialisation:
        qs = qs.filter(specialisation=specialisation)
    return qs.order_by("specialisation", "title")


def case_specialisations() -> list[tuple[str, str]]:
    """The specialisations cases are written for: (code, label), labels of TR-17 if known."""
    labels = dict(User.Specialisation.choices)
    codes = (
        CaseTask.objects.exclude(specialisation="")
        .order_by("specialisation")
        .values_list("specialisation", flat=True)
        .distinct()
    )
    return [(code, str(labels.get(code, code))) for code in codes]


# Versions never change (an edit makes a new one): their rendered texts live a day.
RENDERED_TTL = 24 * 3600


def _version_html(version: Any) -> dict[str, Any]:
    """A version's question, option and matching texts as sanitised (or escaped) HTML."""
    from .templatetags.exams_text import question_text

    fmt = version.text_format
    payload = version.payload or {}
    return {
        "text": str(question_text(version.text, fmt)),
        "options": {
            o["id"]: str(question_text(o["text"], fmt)) for o in payload.get("options", [])
        },
        "lefts": {p["id"]: str(question_text(p["left"], fmt)) for p in payload.get("pairs", [])},
    }


def rendered_versions(versions: list[Any]) -> dict[int, dict[str, Any]]:
    """The versions' texts rendered once per version and language, kept in the cache.

    At the start of an exam every listener opens the attempt page within seconds: the
    HTML sanitiser ran 50 times (and once per option) per page; now once per version.
    """
    language = get_language() or ""
    keys = {f"exams:version-html:{v.pk}:{language}": v for v in versions}
    found = cache.get_many(list(keys))
    missing = {key: _version_html(v) for key, v in keys.items() if key not in found}
    if missing:
        cache.set_many(missing, RENDERED_TTL)
        found.update(missing)
    return {v.pk: found[key] for key, v in keys.items()}


def attempt_display_items(attempt: Attempt) -> list[dict[str, Any]]:
    """The attempt's items in the listener's order, without any correct answers.

    Texts come rendered from the cache (rendered_versions): `text_html`, and the options'
    and matching left sides' HTML, safe to print as they are.
    """
    rows = []
    items = list(attempt.items.select_related("version__question").order_by("position"))
    rendered = rendered_versions([item.version for item in items])
    for item in items:
        payload = item.version.payload
        qtype = item.version.question.qtype
        html = rendered[item.version_id]
        row: dict[str, Any] = {
            "text_html": mark_safe(html["text"]),  # noqa: S308 - sanitised or escaped once
            "position": item.position,
            "qtype": qtype,
            "text": item.version.text,
            "html": item.version.text_format == "html",
            "answer": item.answer,
            # The page continues the item's save sequence from the stored answer's.
            "seq": item.seq,
            "answered": item.answer not in (None, "", [], {}),
        }
        # Values on the page are positions in the shown order, never the stored ids.
        position_of = {oid: str(i) for i, oid in enumerate(item.order)}
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            texts = {o["id"]: o["text"] for o in payload["options"]}
            row["options"] = [
                (str(i), mark_safe(html["options"].get(oid, escape(texts[oid]))))  # noqa: S308
                for i, oid in enumerate(item.order)
            ]
            stored = item.answer if isinstance(item.answer, list) else [item.answer]
            row["chosen"] = {position_of.get(a) for a in stored if a is not None}
        elif qtype == QuestionType.MATCHING:
            pairs = {p["id"]: p for p in payload["pairs"]}
            answer = item.answer or {}
            row["lefts"] = [
                (
                    p["id"],
                    mark_safe(html["lefts"].get(p["id"], escape(p["left"]))),  # noqa: S308
                    position_of.get(answer.get(p["id"], ""), ""),
                )
                for p in payload["pairs"]
                if p["left"]  # a pair without a left side is an extra answer only
            ]
            row["rights"] = [(str(i), pairs[pid]["right"]) for i, pid in enumerate(item.order)]
        elif qtype == QuestionType.NUMERICAL:
            row["units"] = _units_shown(payload)
        rows.append(row)
    return rows


def attempt_review_items(attempt: Attempt) -> list[dict[str, Any]]:
    """After the commission releases answers: each item with the correct answer."""
    rows = []
    for item in attempt.items.select_related("version__question").order_by("position"):
        payload = item.version.payload
        qtype = item.version.question.qtype
        rows.append(
            {
                "position": item.position,
                "text": plain_text(item.version.text, item.version.text_format),
                "correct": correct_answer_text(qtype, payload, item.version.text_format),
                "is_correct": item.is_correct,
                "score": item.score,
            }
        )
    return rows


def _units_shown(payload: dict[str, Any]) -> list[str]:
    """The units an examinee may write after (or before) the number; none when hidden."""
    if payload.get("unit_display") == "none":
        return []
    return [u["unit"] for u in payload.get("units") or []]


def _author_notes(qtype: str, payload: dict[str, Any]) -> list[str]:
    """Moodle settings that change what the examinee sees or earns, in words."""
    from .services.bank import fraction_label

    notes = []
    if payload.get("shuffle") is False:
        notes.append(_("The options are shown in this order (not shuffled)."))
    if qtype == QuestionType.NUMERICAL and payload.get("units"):
        units = ", ".join(f"{u['unit']} (× {u['multiplier']:g})" for u in payload["units"])
        notes.append(_("Units: %(units)s.") % {"units": units})
        penalty = fraction_label(float(payload.get("unit_penalty", 0))) + "%"
        grading = int(payload.get("unit_grading", 0))
        if grading == 1:
            notes.append(
                _("A wrong or missing unit costs %(penalty)s of the answer's grade.")
                % {"penalty": penalty}
            )
        elif grading == 2:
            notes.append(
                _("A wrong or missing unit costs %(penalty)s of the question's grade.")
                % {"penalty": penalty}
            )
        else:
            notes.append(_("The unit is not graded."))
    return notes


def _chosen_feedback(qtype: str, payload: dict[str, Any], answer: Any) -> list[str]:
    """The author's feedback on the answer given (Moodle's per-answer feedback)."""
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        chosen = set(answer) if isinstance(answer, list) else {answer}
        return [o.get("feedback", "") for o in payload.get("options", []) if o["id"] in chosen]
    if qtype == QuestionType.TRUE_FALSE and isinstance(answer, bool):
        return [payload.get("feedback_true" if answer else "feedback_false", "")]
    return []


def attempt_item_feedback(attempt: Attempt) -> dict[int, dict[str, Any]]:
    """Each scored item's verdict for immediate feedback (a practice quiz, issue 14).

    Only items already checked (scored) appear: the correct answer is never shown
    before the listener's own answer is final.
    """
    rows: dict[int, dict[str, Any]] = {}
    items = attempt.items.filter(score__isnull=False).select_related("version__question")
    for item in items:
        version = item.version
        qtype = version.question.qtype
        notes = [
            plain_text(text, version.text_format)
            for text in [
                *_chosen_feedback(qtype, version.payload, item.answer),
                version.general_feedback,
            ]
            if text
        ]
        rows[item.position] = {
            "score": item.score,
            "percent": round(float(item.score) * 100),
            "is_correct": item.is_correct,
            "correct": correct_answer_text(qtype, version.payload, version.text_format),
            "feedback": notes,
        }
    return rows


def question_preview(question: Question) -> dict[str, Any]:
    """A question as an examinee sees it (author's order) and its answers for the author."""
    from .services.bank import fraction_label, option_fraction, short_answers

    version = question.current_version
    payload = version.payload if version is not None else {}
    item: dict[str, Any] = {
        "position": 1,
        "qtype": question.qtype,
        "text": version.text if version is not None else "",
        "html": version is not None and version.text_format == "html",
        "answer": None,
        "chosen": set(),
    }
    answers: list[dict[str, str]] = []
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        item["options"] = [(o["id"], o["text"]) for o in payload["options"]]
        answers = [
            {
                "text": o["text"],
                "weight": fraction_label(option_fraction(o, payload)) + "%",
                "feedback": o.get("feedback", ""),
            }
            for o in payload["options"]
        ]
    elif question.qtype == QuestionType.MATCHING:
        item["lefts"] = [(p["id"], p["left"], "") for p in payload["pairs"] if p["left"]]
        item["rights"] = [(p["id"], p["right"]) for p in payload["pairs"]]
        answers = [
            {"text": p["left"], "weight": p["right"], "feedback": ""} for p in payload["pairs"]
        ]
    elif question.qtype == QuestionType.TRUE_FALSE:
        answers = [
            {
                "text": str(value),
                "weight": "100%" if payload["answer"] is value else "0%",
                "feedback": payload.get("feedback_true" if value else "feedback_false", ""),
            }
            for value in (True, False)
        ]
    elif question.qtype == QuestionType.SHORT:
        answers = [
            {
                "text": a["text"],
                "weight": fraction_label(a["fraction"]) + "%",
                "feedback": a["feedback"],
            }
            for a in short_answers(payload)
        ]
    elif question.qtype == QuestionType.NUMERICAL:
        answers = [
            {
                "text": "*" if a["value"] == "*" else f"{a['value']:g} ± {a['tolerance']:g}",
                "weight": fraction_label(a["fraction"]) + "%",
                "feedback": a["feedback"],
            }
            for a in payload["answers"]
        ]
    if question.qtype == QuestionType.NUMERICAL:
        item["units"] = _units_shown(payload)
    return {
        "item": item,
        "answers": answers,
        "notes": _author_notes(question.qtype, payload),
        "general_feedback": version.general_feedback if version is not None else "",
    }


def correct_answer_text(qtype: str, payload: dict[str, Any], text_format: str) -> str:
    """The correct answer in words, with the weight of each partly correct one."""
    from .services.bank import fraction_label, short_answers

    def words(text: str) -> str:
        return plain_text(text, text_format)

    def weighted(text: str, fraction: float) -> str:
        return text if fraction == 1 else f"{text} ({fraction_label(fraction)}%)"

    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return ", ".join(
            weighted(words(o["text"]), float(o.get("fraction", 1)))
            for o in payload["options"]
            if o["correct"]
        )
    if qtype == QuestionType.TRUE_FALSE:
        return str(payload["answer"])
    if qtype == QuestionType.MATCHING:
        return "; ".join(
            f"{words(p['left'])} → {p['right']}" for p in payload["pairs"] if p["left"]
        )
    if qtype == QuestionType.SHORT:
        return " / ".join(
            weighted(a["text"], a["fraction"]) for a in short_answers(payload) if a["fraction"] > 0
        )
    if qtype == QuestionType.NUMERICAL:
        return " / ".join(
            weighted(f"{a['value']} ± {a['tolerance']}", a["fraction"])
            for a in payload["answers"]
            if a["value"] != "*" and a["fraction"] > 0
        )
    return ""


@dataclass
class ItemStats:
    question: Question
    attempts: int
    difficulty: float  # mean fractional score (1 = everyone earned all the points)
    discrimination: float | None  # upper 27 % minus lower 27 % mean score


def _mean_score(rows: list[AttemptItem]) -> float:
    return sum(float(r.score) for r in rows) / len(rows)


def item_analysis(exam: Exam) -> list[ItemStats]:
    """Per question: difficulty (mean fractional score) and discrimination (upper-lower
    27 % groups); a partly right answer counts as the share of the points it earned."""
    attempts = list(
        Attempt.objects.filter(exam=exam, status=Attempt.Status.SUBMITTED).order_by(
            "-earned_points", "pk"
        )
    )
    if not attempts:
        return []
    group = max(1, round(len(attempts) * 0.27))
    upper = {a.pk for a in attempts[:group]}
    lower = {a.pk for a in attempts[-group:]}
    by_question: dict[int, list[AttemptItem]] = {}
    items = AttemptItem.objects.filter(attempt__in=attempts, score__isnull=False).select_related(
        "version__question"
    )
    for item in items:
        by_question.setdefault(item.version.question_id, []).append(item)
    stats = []
    for rows in by_question.values():
        up = [r for r in rows if r.attempt_id in upper]
        low = [r for r in rows if r.attempt_id in lower]
        discrimination = None
        if up and low and len(attempts) >= 2:
            discrimination = _mean_score(up) - _mean_score(low)
        stats.append(
            ItemStats(
                question=rows[0].version.question,
                attempts=len(rows),
                difficulty=_mean_score(rows),
                discrimination=discrimination,
            )
        )
    stats.sort(key=lambda s: s.difficulty)
    return stats


def results_by_band(exam: Exam) -> list[tuple[str, int]]:
    """How many results fall in each Appendix 2 band, highest band first (TR-A2)."""
    from .services.results import NUMERIC_EQUIVALENTS

    points = list(exam.results.values_list("points", flat=True))
    bands = []
    upper = 100
    for lower, equivalent in NUMERIC_EQUIVALENTS:
        count = sum(1 for p in points if lower <= p <= upper)
        bands.append((f"{lower}–{upper} ({equivalent})", count))
        upper = lower - 1
    return bands


# ------------------------------------------------------------- blind grading ----


def grading_is_blind_for(exam: Exam, user: Any) -> bool:
    """A grader of the exam sees no attempt beside a name until results are confirmed (TR-22)."""
    if exam.status == Exam.Status.CONFIRMED:
        return False
    return exam.commission.filter(user=user).exists()


@dataclass(frozen=True)
class WorkToGrade:
    """What a grader sees of a work: its code and grading key, never the attempt id (TR-22)."""

    code: str
    key: str
    graded_by_me: bool


def works_to_grade(exam: Exam, member: Any) -> list[WorkToGrade]:
    works = exam.attempts.exclude(status=Attempt.Status.READY)
    if exam.kind != Exam.Kind.ORAL:
        works = works.filter(status=Attempt.Status.SUBMITTED)
    mine = set(works.filter(grades__member=member).values_list("grading_key", flat=True))
    return [
        WorkToGrade(code=code, key=key, graded_by_me=key in mine)
        for code, key in works.order_by("code").values_list("code", "grading_key")
    ]


@dataclass(frozen=True)
class WorkForGrader:
    code: str
    case_title: str
    case_text: str
    answer_text: str
    ticket: list[Any]


def work_for_grader(attempt: Attempt) -> WorkForGrader:
    """The work as a grader sees it: no id, no listener, no times (TR-22)."""
    return WorkForGrader(
        code=attempt.code,
        case_title=attempt.case.title if attempt.case else "",
        case_text=attempt.case.text if attempt.case else "",
        answer_text=attempt.answer_text,
        ticket=list(attempt.ticket or []),
    )


@dataclass(frozen=True)
class AttemptWindow:
    """Who may still write an open exam, and until when (the last deadline incl. extra time)."""

    participants: int
    not_started: int
    writing: int  # attempts in progress before their deadline
    possible_until: datetime | None  # None: no end known (no exam date)
    open_ended: bool  # listeners who have not started may start at any time

    @property
    def attempts_possible(self) -> bool:
        waiting = self.not_started > 0 and (self.open_ended or self.possible_until is not None)
        return self.writing > 0 or waiting


def exam_attempt_window(exam: Exam, now: datetime | None = None) -> AttemptWindow:
    """While an exam is open: how many admitted listeners have not started, how many are
    writing, and the last moment an attempt may still run – the latest running deadline,
    or the end of the exam day plus the duration and the listener's extra time for those
    who have not started (without an exam date they may start at any time)."""
    now = now or timezone.now()
    participants = list(exam.participants.values_list("listener_id", "extra_minutes"))
    attempts = dict(exam.attempts.values_list("listener_id", "status"))
    running = list(
        exam.attempts.filter(status=Attempt.Status.IN_PROGRESS, deadline__gt=now).values_list(
            "deadline", flat=True
        )
    )
    waiting = [extra for listener, extra in participants if listener not in attempts]
    candidates = list(running)
    open_ended = False
    if waiting and exam.status == Exam.Status.OPEN:
        if exam.exam_date is None:
            open_ended = True
        else:
            minutes = exam.duration_minutes
            if exam.kind == Exam.Kind.COMPUTER_TEST and exam.blueprint is not None:
                minutes = exam.blueprint.duration_minutes
            day_end = timezone.make_aware(
                datetime.combine(exam.exam_date + timedelta(days=1), time.min)
            )
            last = day_end + timedelta(minutes=minutes + max(waiting))
            if last > now:
                candidates.append(last)
    return AttemptWindow(
        participants=len(participants),
        not_started=len(waiting),
        writing=len(running),
        possible_until=max(candidates) if candidates else None,
        open_ended=open_ended,
    )


def confirmation_summary(exam: Exam) -> dict[str, int]:
    """What confirming the results will fix: counts to show before the commission confirms."""
    results = list(exam.results.values_list("listener_id", "passed", "disagreement"))
    sat = set(exam.attempts.values_list("listener_id", flat=True))
    listeners = set(exam.participants.values_list("listener_id", flat=True))
    return {
        "participants": len(listeners),
        "results": len(results),
        "passed": sum(1 for _l, passed, _d in results if passed),
        "not_passed": sum(1 for _l, passed, _d in results if not passed),
        "did_not_sit": len(listeners - sat),
        "without_result": len(listeners - {listener for listener, _p, _d in results}),
        "disagreements": sum(1 for _l, _p, disagreement in results if disagreement),
    }
