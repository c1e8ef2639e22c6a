"""Question bank: categories, questions and their versions, duplicate detection."""

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Question,
    QuestionCategory,
    QuestionLanguage,
    QuestionType,
    QuestionVersion,
    TextFormat,
)
from . import text as text_utils


@dataclass
class QuestionData:
    """A question as parsed from a file or a form, before it is saved.

    `text_format` says how all its texts are written (models.TextFormat); `files` are
    embedded files (name → bytes) that the texts link as "@@PLUGINFILE@@/name".
    """

    qtype: str
    text: str
    payload: dict[str, Any]
    name: str = ""
    language: str = ""
    category_path: str = ""
    general_feedback: str = ""
    line: int = 0
    text_format: str = TextFormat.PLAIN
    files: dict[str, bytes] = field(default_factory=dict)


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


# Moodle's grade fractions (question_bank::fraction_options_full): an answer's share of
# the question's mark; negative ones take marks away in multiple-response questions.
_POSITIVE_FRACTIONS = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25,
    0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
)  # fmt: skip
FRACTIONS = (*_POSITIVE_FRACTIONS, 0.0, *(-f for f in _POSITIVE_FRACTIONS))


def match_fraction(value: float) -> float | None:
    """The allowed fraction equal to `value` (within Moodle's 0.00001), or None."""
    for allowed in FRACTIONS:
        if abs(value - allowed) < 0.00001:
            return allowed
    return None


def fraction_label(value: float) -> str:
    """A fraction as a percentage without trailing zeros: 0.3333333 → "33.33333"."""
    return f"{value * 100:.5f}".rstrip("0").rstrip(".")


def guess_language(text: str) -> str:
    """kk for a letter only Kazakh uses, ru for other Cyrillic, en for Latin."""
    return text_utils.guess_language(text) or QuestionLanguage.RU


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def _num(value: Any) -> float:
    return round(float(value), 7)


def fingerprint(*, qtype: str, text: str, payload: dict[str, Any]) -> str:
    """Hash of type, wording, answers and their fractions; insensitive to case, spacing
    and option order. Feedback is left out: the same question with other feedback is
    still the same question."""
    answers: Any
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        answers = sorted(
            (_norm(o["text"]), _num(option_fraction(o, payload))) for o in payload["options"]
        )
    elif qtype == QuestionType.MATCHING:
        answers = sorted((_norm(p["left"]), _norm(p["right"])) for p in payload["pairs"])
    elif qtype == QuestionType.SHORT:
        answers = sorted((_norm(a["text"]), _num(a["fraction"])) for a in short_answers(payload))
    elif qtype == QuestionType.NUMERICAL:
        answers = sorted(
            (str(a["value"]), _num(a["tolerance"]), _num(a["fraction"])) for a in payload["answers"]
        )
        if payload.get("units"):
            # A number in metres is not the same question as one in centimetres.
            answers.append(
                sorted((_norm(u["unit"]), _num(u["multiplier"])) for u in payload["units"])
            )
    elif qtype == QuestionType.TRUE_FALSE:
        answers = bool(payload["answer"])
    else:
        answers = None
    raw = json.dumps([qtype, _norm(text), answers], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def option_fraction(option: dict[str, Any], payload: dict[str, Any]) -> float:
    """An option's fraction; versions saved before fractions: 1 for a correct option."""
    if "fraction" in option:
        return float(option["fraction"])
    return 1.0 if option.get("correct") else 0.0


def short_answers(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Accepted short answers as dicts; versions saved before weights held strings."""
    return [
        a if isinstance(a, dict) else {"text": str(a), "fraction": 1.0, "feedback": ""}
        for a in payload.get("answers") or []
    ]


def _fraction(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("A grade is not a number.")) from exc
    matched = match_fraction(number)
    if matched is None:
        raise ValidationError(
            _("The grade %(grade)s%% is not one of Moodle's grades (such as 100, 50, 33.33333).")
            % {"grade": fraction_label(number)}
        )
    return matched


def _validate_choice(qtype: str, payload: dict[str, Any]) -> dict[str, Any]:
    options = payload.get("options") or []
    if len(options) < 2:
        raise ValidationError(_("A choice question needs at least two options."))
    if any(not str(o.get("text", "")).strip() for o in options):
        raise ValidationError(_("An option has no text."))
    texts = [_norm(o["text"]) for o in options]
    if len(set(texts)) != len(texts):
        raise ValidationError(_("Two options have the same text."))
    if not all("fraction" in o for o in options):
        # Written with "correct" boxes: a multiple-response question shares the mark
        # equally among its correct options and takes it all away for a wrong one.
        n_correct = sum(1 for o in options if o.get("correct"))
        if qtype == QuestionType.SINGLE and n_correct != 1:
            raise ValidationError(_("A single-choice question needs exactly one correct option."))
        if qtype == QuestionType.MULTIPLE and n_correct:
            share = match_fraction(1 / n_correct)
            if share is None:
                raise ValidationError(_("Give each correct option its grade."))
            fractions = [share if o.get("correct") else -1.0 for o in options]
        else:
            fractions = [1.0 if o.get("correct") else 0.0 for o in options]
    else:
        fractions = [_fraction(o.get("fraction", 0)) for o in options]
    if qtype == QuestionType.SINGLE:
        # Moodle: one answer must be worth 100 %, so full marks are possible.
        if max(fractions) != 1.0:
            raise ValidationError(_("A single-choice question needs an option worth 100%."))
    elif abs(sum(f for f in fractions if f > 0) - 1) > 0.0001:
        # Moodle: the positive grades of a multiple-response question add up to 100 %.
        raise ValidationError(
            _("The positive grades of a multiple-choice question must add up to 100%.")
        )
    return _with_order(
        payload,
        {
            "options": [
                {
                    "id": str(index),
                    "text": str(o["text"]).strip(),
                    "fraction": fraction,
                    "correct": fraction > 0,
                    "feedback": str(o.get("feedback", "")).strip(),
                }
                for index, (o, fraction) in enumerate(zip(options, fractions, strict=True))
            ]
        },
    )


def _with_order(payload: dict[str, Any], clean: dict[str, Any]) -> dict[str, Any]:
    """Keep a fixed option order (Moodle's shuffleanswers = 0) as "shuffle": False.

    Absent means shuffled, the default of Moodle and of the versions saved before it.
    """
    if payload.get("shuffle", True) is False:
        clean["shuffle"] = False
    combined = payload.get("combined_feedback") or {}
    kept = {k: str(combined.get(k) or "").strip() for k in COMBINED_FEEDBACK}
    if any(kept.values()):
        # Moodle's feedback for a correct, partly correct and incorrect response.
        clean["combined_feedback"] = kept
    return clean


COMBINED_FEEDBACK = ("correct", "partial", "incorrect")


def _validate_short(payload: dict[str, Any]) -> dict[str, Any]:
    answers = [
        {
            "text": str(a["text"]).strip(),
            "fraction": _fraction(a.get("fraction", 1)),
            "feedback": str(a.get("feedback", "")).strip(),
        }
        for a in short_answers(payload)
        if str(a.get("text", "")).strip()
    ]
    if not answers:
        raise ValidationError(_("A short-answer question needs at least one accepted answer."))
    if max(a["fraction"] for a in answers) != 1.0:
        raise ValidationError(_("A short-answer question needs an answer worth 100%."))
    return {"answers": answers, "case_sensitive": bool(payload.get("case_sensitive"))}


def _validate_numerical(payload: dict[str, Any]) -> dict[str, Any]:
    answers = []
    for a in payload.get("answers") or []:
        value = a.get("value")
        try:
            tolerance = abs(float(a.get("tolerance") or 0))
            if value != "*":
                value = float(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("A numerical answer is not a number.")) from exc
        if value != "*" and not math.isfinite(value):
            raise ValidationError(_("A numerical answer is not a number."))
        answers.append(
            {
                "value": value,
                "tolerance": tolerance,
                "fraction": _fraction(a.get("fraction", 1)),
                "feedback": str(a.get("feedback", "")).strip(),
            }
        )
    if not any(a["value"] != "*" for a in answers):
        raise ValidationError(_("A numerical question needs at least one number as answer."))
    if max(a["fraction"] for a in answers) != 1.0:
        raise ValidationError(_("A numerical question needs an answer worth 100%."))
    clean: dict[str, Any] = {"answers": answers}
    if payload.get("units"):
        clean.update(_validate_units(payload))
    return clean


UNIT_GRADING = (0, 1, 2)  # Moodle: not graded, penalty of the response's, of the question's
UNIT_DISPLAY = ("input", "radio", "select", "none")  # Moodle's showunits 0..3


def _validate_units(payload: dict[str, Any]) -> dict[str, Any]:
    """Moodle's units of a numerical question: the first has multiplier 1 (the unit of
    the answers); "150 cm" with cm × 100 means 1.5. A wrong or missing unit costs
    `unit_penalty` when units are graded (1: of the answer's grade, 2: of the question's).
    """
    units = []
    for u in payload["units"]:
        name = str(u.get("unit", "")).strip()
        try:
            multiplier = float(u.get("multiplier", 1))
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("A unit's multiplier is not a number.")) from exc
        if not name or not math.isfinite(multiplier) or multiplier <= 0:
            raise ValidationError(_("A unit needs a name and a positive multiplier."))
        units.append({"unit": name, "multiplier": multiplier})
    if len({u["unit"] for u in units}) != len(units):
        raise ValidationError(_("Two units have the same name."))
    if units[0]["multiplier"] != 1.0:
        raise ValidationError(_("The first unit must have the multiplier 1."))
    try:
        grading = int(payload.get("unit_grading", 0))
        penalty = float(payload.get("unit_penalty", 0))
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The unit penalty is not a number.")) from exc
    if grading not in UNIT_GRADING or not 0 <= penalty <= 1:
        raise ValidationError(_("The unit penalty must be between 0 and 1."))
    display = payload.get("unit_display", "input")
    if display not in UNIT_DISPLAY:
        raise ValidationError(_("Unknown way of showing the units."))
    return {
        "units": units,
        "unit_grading": grading,
        "unit_penalty": penalty,
        "unit_display": display,
        "units_left": bool(payload.get("units_left")),
    }


def _validate_matching(payload: dict[str, Any]) -> dict[str, Any]:
    pairs = [
        {"left": str(p.get("left", "")).strip(), "right": str(p.get("right", "")).strip()}
        for p in payload.get("pairs") or []
    ]
    if any(not p["right"] for p in pairs):
        raise ValidationError(_("A matching pair is incomplete."))
    # A pair without a left side is an extra answer (a distractor), as in Moodle.
    if sum(1 for p in pairs if p["left"]) < 2:
        raise ValidationError(_("A matching question needs at least two pairs."))
    return _with_order(payload, {"pairs": [{"id": str(i), **p} for i, p in enumerate(pairs)]})


def validate_question(*, qtype: str, text: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Check a question's answers; return the payload normalised (option ids set)."""
    if qtype not in QuestionType.values:
        raise ValidationError(_("Unknown question type."))
    if not text.strip():
        raise ValidationError(_("The question has no text."))
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return _validate_choice(qtype, payload)
    if qtype == QuestionType.TRUE_FALSE:
        if not isinstance(payload.get("answer"), bool):
            raise ValidationError(_("A true/false question needs its answer."))
        return {
            "answer": payload["answer"],
            "feedback_true": str(payload.get("feedback_true", "")).strip(),
            "feedback_false": str(payload.get("feedback_false", "")).strip(),
        }
    if qtype == QuestionType.MATCHING:
        return _validate_matching(payload)
    if qtype == QuestionType.NUMERICAL:
        return _validate_numerical(payload)
    if qtype in (QuestionType.ESSAY, QuestionType.DESCRIPTION):
        return {}
    return _validate_short(payload)


_PLUGINFILE = re.compile(r"@@PLUGINFILE@@/([^\"'<>\s?#]+)")


def files_store(*, text: str, files: dict[str, bytes]) -> str:
    """Store embedded files and point their "@@PLUGINFILE@@/name" links at them.

    A file is stored once under its content's hash, so importing the same file again
    gives the same links (and the same fingerprint: nothing is added).
    """
    if not files or "@@PLUGINFILE@@" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        name = unquote(match.group(1))
        content = files.get(name)
        if content is None:
            return match.group(0)
        digest = hashlib.sha256(content).hexdigest()[:24]
        safe = re.sub(r"[^\w.-]", "_", name.rsplit("/", 1)[-1])[:80] or "file"
        path = f"{FILES_DIR}/{digest}/{safe}"
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(content))
        return default_storage.url(path)

    return _PLUGINFILE.sub(replace, text)


FILES_DIR = "exams/questions"


def _sanitised(payload: dict[str, Any]) -> dict[str, Any]:
    """An HTML version's payload with its formatted texts sanitised (forms, GIFT edits).

    Options, feedback and matching left sides are formatted; short and numerical
    answers and matching right sides are plain (compared with what examinees type).
    """
    clean = text_utils.sanitise_html
    out = dict(payload)
    if "options" in payload:
        out["options"] = [
            {
                **o,
                "text": clean(str(o.get("text", ""))),
                "feedback": clean(str(o.get("feedback", ""))),
            }
            for o in payload["options"]
        ]
    if "pairs" in payload:
        out["pairs"] = [{**p, "left": clean(str(p.get("left", "")))} for p in payload["pairs"]]
    for key in ("feedback_true", "feedback_false"):
        if key in payload:
            out[key] = clean(str(payload[key]))
    if isinstance(payload.get("combined_feedback"), dict):
        out["combined_feedback"] = {
            k: clean(str(v or "")) for k, v in payload["combined_feedback"].items()
        }
    if "answers" in payload:
        out["answers"] = [
            {**a, "feedback": clean(str(a.get("feedback", "")))} if isinstance(a, dict) else a
            for a in payload["answers"]
        ]
    return out


def _prepared(data: QuestionData) -> QuestionData:
    """Embedded files stored and, for an HTML question, every formatted text sanitised."""
    data = _store_files(data)
    if data.text_format == TextFormat.HTML:
        data.text = text_utils.sanitise_html(data.text)
        data.general_feedback = text_utils.sanitise_html(data.general_feedback)
        data.payload = _sanitised(data.payload)
    return data


def _store_files(data: QuestionData) -> QuestionData:
    """The question with its embedded files stored and every text's links rewritten."""
    if not data.files:
        return data

    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return files_store(text=value, files=data.files)
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value

    data.text = fix(data.text)
    data.general_feedback = fix(data.general_feedback)
    data.payload = fix(data.payload)
    data.files = {}
    return data


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
    data = _prepared(data)
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
        general_feedback=data.general_feedback.strip(),
        text_format=data.text_format or TextFormat.PLAIN,
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
    *,
    question: Question,
    text: str,
    payload: dict[str, Any],
    by: Any,
    general_feedback: str = "",
    text_format: str | None = None,
) -> QuestionVersion:
    """Edit a question by adding a version; attempts keep the version they were given."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    text_format = text_format or (
        question.current_version.text_format if question.current_version else TextFormat.PLAIN
    )
    if text_format == TextFormat.HTML:
        text = text_utils.sanitise_html(text)
        general_feedback = text_utils.sanitise_html(general_feedback)
        payload = _sanitised(payload)
    payload = validate_question(qtype=question.qtype, text=text, payload=payload)
    last = question.versions.order_by("-number").first()
    version = QuestionVersion(
        question=question,
        number=(last.number if last else 0) + 1,
        text=text.strip(),
        payload=payload,
        general_feedback=general_feedback,
        # A form edit keeps the format the question has (its texts are edited as they are).
        text_format=text_format,
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
    language: str = "",
) -> ImportReport:
    """Save the parsed questions one by one; a bad question never stops the others.

    Steps: 1. carry the parser's problems into the report; 2. for each question pick its
    category (the file's $CATEGORY or the one given, else "Imported") and its language
    (the importer's choice, else the file's, else detected from the text); 3. store its
    embedded files; 4. skip duplicates (already in the bank or earlier in the same
    file); 5. reject invalid questions with their line and reason.
    """
    report = ImportReport(rejected=list(problems))
    seen: set[str] = set()
    for data in items:
        try:
            if language:
                data.language = language
            data = _prepared(data)
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
        text_format=data.text_format,
        by=by,
    )
