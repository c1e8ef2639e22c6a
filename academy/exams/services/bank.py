"""Question bank: categories, questions and their versions, duplicate detection."""

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Language, Question, QuestionCategory, QuestionType, QuestionVersion


@dataclass
class QuestionData:
    """A question as parsed from a file or a form, before it is saved."""

    qtype: str
    text: str
    payload: dict[str, Any]
    name: str = ""
    language: str = ""
    category_path: str = ""
    general_feedback: str = ""
    line: int = 0


@dataclass
class ImportProblem:
    line: int
    reason: str
    # The whole file is unreadable (not UTF-8, not XML), not just one question.
    fatal: bool = False

    def __str__(self) -> str:
        return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class ImportReport:
    imported: list[Question] = field(default_factory=list)
    duplicates: list[ImportProblem] = field(default_factory=list)
    rejected: list[ImportProblem] = field(default_factory=list)


_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def guess_language(text: str) -> str:
    """Kazakh if the text has a letter only Kazakh uses, else Russian."""
    return Language.KK if _KAZAKH_LETTERS.intersection(text) else Language.RU


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def fingerprint(*, qtype: str, text: str, payload: dict[str, Any]) -> str:
    """Hash of type, wording and answers, insensitive to case, spacing and option order."""
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        answers: Any = sorted(
            (_norm(o["text"]), bool(o.get("correct"))) for o in payload["options"]
        )
    elif qtype == QuestionType.MATCHING:
        answers = sorted((_norm(p["left"]), _norm(p["right"])) for p in payload["pairs"])
    elif qtype == QuestionType.SHORT:
        answers = sorted(_norm(a) for a in payload["answers"])
    else:
        answers = bool(payload["answer"])
    raw = json.dumps([qtype, _norm(text), answers], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def validate_question(*, qtype: str, text: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Check a question's answers; return the payload normalised (option ids set)."""
    if qtype not in QuestionType.values:
        raise ValidationError(_("Unknown question type."))
    if not text.strip():
        raise ValidationError(_("The question has no text."))
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        options = payload.get("options") or []
        if len(options) < 2:
            raise ValidationError(_("A choice question needs at least two options."))
        if any(not str(o.get("text", "")).strip() for o in options):
            raise ValidationError(_("An option has no text."))
        correct = sum(1 for o in options if o.get("correct"))
        if qtype == QuestionType.SINGLE and correct != 1:
            raise ValidationError(_("A single-choice question needs exactly one correct option."))
        if qtype == QuestionType.MULTIPLE and correct < 1:
            raise ValidationError(_("A multiple-choice question needs a correct option."))
        texts = [_norm(o["text"]) for o in options]
        if len(set(texts)) != len(texts):
            raise ValidationError(_("Two options have the same text."))
        return {
            "options": [
                {
                    "id": str(index),
                    "text": str(o["text"]).strip(),
                    "correct": bool(o.get("correct")),
                    "feedback": str(o.get("feedback", "")),
                }
                for index, o in enumerate(options)
            ]
        }
    if qtype == QuestionType.TRUE_FALSE:
        if not isinstance(payload.get("answer"), bool):
            raise ValidationError(_("A true/false question needs its answer."))
        return {"answer": payload["answer"]}
    if qtype == QuestionType.MATCHING:
        pairs = payload.get("pairs") or []
        if len(pairs) < 2:
            raise ValidationError(_("A matching question needs at least two pairs."))
        if any(
            not str(p.get("left", "")).strip() or not str(p.get("right", "")).strip() for p in pairs
        ):
            raise ValidationError(_("A matching pair is incomplete."))
        return {
            "pairs": [
                {"id": str(i), "left": str(p["left"]).strip(), "right": str(p["right"]).strip()}
                for i, p in enumerate(pairs)
            ]
        }
    answers = [str(a).strip() for a in payload.get("answers") or [] if str(a).strip()]
    if not answers:
        raise ValidationError(_("A short-answer question needs at least one accepted answer."))
    return {"answers": answers}


def find_duplicate(*, digest: str, category: QuestionCategory | None = None) -> Question | None:
    """An active question whose current version has this fingerprint."""
    qs = Question.objects.filter(current_version__fingerprint=digest, is_active=True)
    return qs.first()


@transaction.atomic
def category_get_or_create(
    *, path: str, parent: QuestionCategory | None = None
) -> QuestionCategory:
    """Category from a path "Civil law / Contracts", creating the missing levels."""
    node = parent
    for name in [p.strip() for p in path.split("/") if p.strip()]:
        node, _created = QuestionCategory.objects.get_or_create(parent=node, name=name[:255])
    if node is None:
        raise ValidationError(_("A category needs a name."))
    return node


@transaction.atomic
def question_create(
    *,
    category: QuestionCategory,
    data: QuestionData,
    by: Any,
    allow_duplicate: bool = False,
) -> Question:
    """Validate and save a new question with its first version."""
    payload = validate_question(qtype=data.qtype, text=data.text, payload=data.payload)
    digest = fingerprint(qtype=data.qtype, text=data.text, payload=payload)
    if not allow_duplicate and find_duplicate(digest=digest):
        raise ValidationError(_("The same question is already in the bank."), code="duplicate")
    language = data.language or guess_language(data.text)
    question = Question(
        category=category, qtype=data.qtype, language=language, name=data.name[:255]
    )
    question.full_clean(exclude=["current_version"])
    question.save()
    version = QuestionVersion(
        question=question,
        number=1,
        text=data.text.strip(),
        payload=payload,
        general_feedback=data.general_feedback,
        fingerprint=digest,
        created_by=by if getattr(by, "pk", None) else None,
    )
    version.full_clean()
    version.save()
    question.current_version = version
    question.save(update_fields=["current_version"])
    return question


@transaction.atomic
def question_update(
    *, question: Question, text: str, payload: dict[str, Any], by: Any, general_feedback: str = ""
) -> QuestionVersion:
    """Edit a question by adding a version; attempts keep the version they were given."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    payload = validate_question(qtype=question.qtype, text=text, payload=payload)
    last = question.versions.order_by("-number").first()
    version = QuestionVersion(
        question=question,
        number=(last.number if last else 0) + 1,
        text=text.strip(),
        payload=payload,
        general_feedback=general_feedback,
        fingerprint=fingerprint(qtype=question.qtype, text=text, payload=payload),
        created_by=by if getattr(by, "pk", None) else None,
    )
    version.full_clean()
    version.save()
    question.current_version = version
    question.save(update_fields=["current_version"])
    return version


def questions_import(
    *,
    items: list[QuestionData],
    problems: list[ImportProblem],
    category: QuestionCategory | None,
    by: Any,
    progress: Any = None,
) -> ImportReport:
    """Save the parsed questions one by one; a bad question never stops the others.

    Steps: 1. carry the parser's problems into the report; 2. for each question pick its
    category (the file's $CATEGORY or the one given, else "Imported"); 3. skip duplicates
    (already in the bank or earlier in the same file); 4. reject invalid questions with
    their line and reason.
    """
    report = ImportReport(rejected=list(problems))
    seen: set[str] = set()
    for data in items:
        try:
            payload = validate_question(qtype=data.qtype, text=data.text, payload=data.payload)
            digest = fingerprint(qtype=data.qtype, text=data.text, payload=payload)
            if digest in seen or find_duplicate(digest=digest):
                report.duplicates.append(
                    ImportProblem(data.line, _("the same question is already in the bank"))
                )
                continue
            if data.category_path:
                target = category_get_or_create(path=data.category_path, parent=category)
            else:
                target = category or category_get_or_create(path=_("Imported"))
            report.imported.append(question_create(category=target, data=data, by=by))
            seen.add(digest)
        except ValidationError as exc:
            report.rejected.append(ImportProblem(data.line, "; ".join(exc.messages)))
        finally:
            if progress is not None:
                progress.update(1)
    report.rejected.sort(key=lambda p: p.line)
    return report


def question_edit_from_gift(*, question: Question, gift: str, by: Any) -> QuestionVersion:
    """Parse one GIFT question and save it as the question's next version."""
    from .formats import parse_gift

    items, problems = parse_gift(gift)
    if problems:
        raise ValidationError([str(p) for p in problems])
    if len(items) != 1:
        raise ValidationError(_("Write exactly one question."))
    data = items[0]
    if data.qtype != question.qtype:
        raise ValidationError(_("The question type cannot change; create a new question."))
    return question_update(
        question=question,
        text=data.text,
        payload=data.payload,
        general_feedback=data.general_feedback,
        by=by,
    )
