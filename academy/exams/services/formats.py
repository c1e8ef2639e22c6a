"""Moodle GIFT and Moodle XML import/export, Aiken import.

The parsers follow Moodle's own (question/format/gift, xml and aiken format.php), so a
question means here what it meant in Moodle, or is refused with its line and reason:

- every answer keeps its grade fraction (``~%25%Bethlehem``, ``=%50%Cat``, XML
  ``fraction="-100"``); a grade outside Moodle's list (bank.FRACTIONS) is refused, as
  Moodle refuses it;
- types: single/multiple choice, true/false (with its two feedbacks), matching (with
  extra answers ``= -> Chat``), short answer (weights, ``*`` wildcard), numerical
  (``{#1.5:0.1}``, ``{#1..5}``, several weighted answers), essay (``{}``), description
  (no answer block). Cloze and other types are refused whole, never half-imported;
- text formats ``[html]`` ``[plain]`` ``[markdown]`` ``[moodle]`` (XML ``format=``) are
  honoured: see services/text.py; Moodle XML embedded files are kept (bank.files_store).

Round trip: the exporters write what the parsers read back without loss – title,
category, language (GIFT ``// language: kk`` comment, XML tag ``lang:kk``), texts and
their format, fractions, option order, every feedback – so re-importing an export adds
nothing (the fingerprints match).
"""

import base64
import binascii
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote
from xml.etree.ElementTree import Element, SubElement, TreeBuilder, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from ..models import Question, QuestionType, TextFormat
from . import text as fmt
from .bank import FILES_DIR, ImportProblem, QuestionData, fraction_label, short_answers

ParseResult = tuple[list[QuestionData], list[ImportProblem]]
LANGUAGES = ("kk", "ru", "en")


class GiftError(ValueError):
    pass


# ------------------------------------------------------- text pieces ----


@dataclass
class _Piece:
    """A text of a question in its source format, before the question's format is set."""

    text: str
    format: str


def _walk(value: Any, found: list[_Piece]) -> None:
    if isinstance(value, _Piece):
        found.append(value)
    elif isinstance(value, list):
        for v in value:
            _walk(v, found)
    elif isinstance(value, dict):
        for v in value.values():
            _walk(v, found)


def _render(value: Any, as_html: bool) -> Any:
    if isinstance(value, _Piece):
        return fmt.to_html(value.text, value.format) if as_html else value.text
    if isinstance(value, list):
        return [_render(v, as_html) for v in value]
    if isinstance(value, dict):
        return {k: _render(v, as_html) for k, v in value.items()}
    return value


def _finish(data: QuestionData) -> QuestionData:
    """Set the question's format: plain when every text is plain, else HTML for all."""
    pieces: list[_Piece] = []
    _walk([data.text, data.general_feedback, data.payload], pieces)
    as_html = any(not fmt.is_plain(p.text, p.format) for p in pieces if p.text)
    data.text_format = TextFormat.HTML if as_html else TextFormat.PLAIN
    data.text = _render(data.text, as_html)
    data.general_feedback = _render(data.general_feedback, as_html)
    data.payload = _render(data.payload, as_html)
    return data


# ---------------------------------------------------------------- GIFT ----

_ESCAPABLE = "~=#{}:\\"
# Escaped special characters are swapped for private-use code points while parsing.
_PLACEHOLDER = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPABLE)}
_RESTORE = {v: k for k, v in _PLACEHOLDER.items()}
# Moodle's weight: %50%, %-100%, %33.33333% right after = or ~.
_WEIGHT = re.compile(r"^\s*%(-?\d{1,3}(?:\.\d*)?)%")


def _protect(text: str) -> str:
    """Swap escaped characters for placeholders; "\\n" is a line break (as in Moodle)."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in _PLACEHOLDER:
                out.append(_PLACEHOLDER[nxt])
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(ch, ch) for ch in text).strip()


def _piece(raw: str, default: str) -> _Piece:
    """A text with its optional leading [format] tag (Moodle's parse_text_with_format)."""
    raw = raw.strip()
    found = re.match(r"\[(\w+)\]", raw)
    if found and found.group(1) in fmt.FORMATS:
        return _Piece(_restore(raw[found.end() :]), found.group(1))
    return _Piece(_restore(raw), default)


def _gift_blocks(source: str) -> Iterator[tuple[int, list[str], dict[str, str]]]:
    """Yield (first line number, lines, directives) for each blank-line separated block."""
    lines: list[str] = []
    start = 0
    meta: dict[str, str] = {}
    pending_meta: dict[str, str] = {}
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("//"):
            found = re.match(r"//\s*language:\s*(kk|ru|en)\b", stripped)
            if found:
                pending_meta["language"] = found.group(1)
            found = re.match(r"//\s*moodle:\s*(\{.*\})\s*$", stripped)
            if found:
                pending_meta["moodle"] = found.group(1)
            continue
        if not stripped:
            if lines:
                yield start, lines, meta
                lines, meta = [], {}
            continue
        if not lines:
            start = number
            meta, pending_meta = pending_meta, {}
        lines.append(line)
    if lines:
        yield start, lines, meta


def _marked(body: str, marks: str) -> list[tuple[str, str]]:
    """Split "=a#fb ~b" at the marks into [("=", "a#fb"), ("~", "b")]; text before the
    first mark gets the mark "" (Moodle keeps it as an answer of short answers)."""
    parts: list[tuple[str, str]] = []
    first = re.search(f"[{re.escape(marks)}]", body)
    if first is None:
        return [("", body)] if body.strip() else []
    if body[: first.start()].strip():
        parts.append(("", body[: first.start()]))
    for match in re.finditer(f"([{re.escape(marks)}])([^{re.escape(marks)}]*)", body):
        parts.append((match.group(1), match.group(2)))
    return parts


def _weight(chunk: str) -> tuple[float | None, str]:
    found = _WEIGHT.match(chunk)
    if not found:
        return None, chunk
    return float(found.group(1)) / 100, chunk[found.end() :]


def _number(raw: str) -> float:
    try:
        return float(_restore(raw))
    except ValueError as exc:
        raise GiftError(_("%(value)s is not a number") % {"value": _restore(raw) or "''"}) from exc


def _gift_choice(body: str, default: str) -> tuple[str, dict[str, Any]]:
    parts = _marked(body, "=~")
    if parts and parts[0][0] == "":
        raise GiftError(_("text before the first answer"))
    options = []
    for mark, chunk in parts:
        chunk = chunk.strip()
        weight, rest = _weight(chunk)
        if mark == "=":
            if weight is not None:
                raise GiftError(
                    _("a weight must follow ~, not = (write the weight after ~ for partial credit)")
                )
            fraction = 1.0
        else:
            fraction = weight if weight is not None else 0.0
        answer, _sep, feedback = rest.partition("#")
        options.append(
            {
                "text": _piece(answer, default),
                "fraction": fraction,
                "feedback": _piece(feedback, default),
            }
        )
    # Moodle: a question with an "=" answer is single choice, else multiple response.
    qtype = QuestionType.SINGLE if any(m == "=" for m, _c in parts) else QuestionType.MULTIPLE
    return qtype, {"options": options}


def _gift_matching(body: str, default: str) -> dict[str, Any]:
    pairs = []
    for mark, chunk in _marked(body, "="):
        if mark == "":
            raise GiftError(_("text before the first answer"))
        if "->" not in chunk:
            raise GiftError(_('a matching answer needs "->" between its two sides'))
        left, _arrow, right = chunk.partition("->")
        pairs.append({"left": _piece(left, default), "right": _restore(right)})
    return {"pairs": pairs}


def _gift_truefalse(body: str, default: str) -> dict[str, Any]:
    answer, wrong, right = (body.split("#", 2) + ["", ""])[:3]
    value = _restore(answer) in ("T", "TRUE")
    # Moodle: the first feedback is shown for the wrong answer, the second for the right.
    return {
        "answer": value,
        "feedback_true": _piece(right if value else wrong, default),
        "feedback_false": _piece(wrong if value else right, default),
    }


def _gift_short(body: str, default: str) -> dict[str, Any]:
    answers = []
    for _mark, chunk in _marked(body, "="):
        weight, rest = _weight(chunk.strip())
        answer, _sep, feedback = rest.partition("#")
        answers.append(
            {
                "text": _restore(answer),
                "fraction": 1.0 if weight is None else weight,
                "feedback": _piece(feedback, default),
            }
        )
    return {"answers": answers}


def _gift_numerical(body: str, default: str) -> dict[str, Any]:
    body = body[1:]  # the leading "#"
    wrong = ""
    if "~" in body:
        body, wrong = body.split("~", 1)
    answers = []
    for _mark, chunk in _marked(body, "="):
        weight, rest = _weight(chunk.strip())
        answer, _sep, feedback = rest.partition("#")
        answer = answer.strip()
        if answer == "*":
            value: float | str = "*"
            tolerance = 0.0
        elif ".." in answer[1:]:
            low, high = answer.split("..", 1)
            low_value, high_value = _number(low), _number(high)
            value = (low_value + high_value) / 2
            tolerance = high_value - value
        elif ":" in answer[1:]:
            raw_value, raw_tolerance = answer.split(":", 1)
            value, tolerance = _number(raw_value), _number(raw_tolerance)
        else:
            value, tolerance = _number(answer), 0.0
        answers.append(
            {
                "value": value,
                "tolerance": tolerance,
                "fraction": 1.0 if weight is None else weight,
                "feedback": _piece(feedback, default),
            }
        )
    if not answers:
        raise GiftError(_("a numerical question needs an answer"))
    if wrong:
        # "~#feedback": what anyone else answering is told (Moodle's "*" answer, 0 %).
        answers.append(
            {
                "value": "*",
                "tolerance": 0.0,
                "fraction": 0.0,
                "feedback": _piece(wrong.partition("#")[2], default),
            }
        )
    return {"answers": answers}


# Moodle's embedded answers (Cloze, qtype_multianswer): {1:SHORTANSWER:=Astana}, {:MC:...}.
_CLOZE = re.compile(
    r"\{\s*\d*\s*:\s*(?:MULTICHOICE|MULTIRESPONSE|SHORTANSWER|NUMERICAL|MC|MR|SA|MW|NM)"
    r"(?:_[A-Z]+|[HVSC]{1,2})?\s*:"
)


def _CLOZE_REASON() -> str:  # noqa: N802 - a translated constant, read at refusal time
    return _(
        "embedded-answer (Cloze) questions are not supported: the question is not "
        "imported; write its parts as separate questions"
    )


def _parse_gift_question(block: str, line: int) -> QuestionData:
    protected = _protect(block).strip()
    name = ""
    if protected.startswith("::"):
        end = protected.find("::", 2)
        if end != -1:
            name = _restore(protected[2:end])
            protected = protected[end + 2 :].strip()
        else:
            protected = protected[2:]
    if _CLOZE.search(protected):
        raise GiftError(_CLOZE_REASON())
    opened, closed = protected.count("{"), protected.count("}")
    if opened == 0 and closed == 0:
        text = _piece(protected, fmt.MOODLE)
        if not text.text:
            raise GiftError(_("the question has no text"))
        return _finish(
            QuestionData(
                qtype=QuestionType.DESCRIPTION, text=text, payload={}, name=name, line=line
            )
        )
    if opened != 1 or closed != 1 or protected.find("}") < protected.find("{"):
        raise GiftError(_("unbalanced or repeated braces (escape a literal brace as \\{ or \\})"))
    before, rest_text = protected.split("{", 1)
    body, after = rest_text.split("}", 1)
    # Missing-word format: text after the answers marks the gap with "_____".
    question_text = before + "_____" + after if after.strip() else before
    text = _piece(question_text, fmt.MOODLE)
    default = text.format
    body = body.strip()
    general = ""
    if "####" in body:
        at = body.rfind("####")
        body, general = body[:at].strip(), body[at + 4 :]
    data = QuestionData(
        qtype="",
        text=text,
        payload={},
        name=name,
        general_feedback=_piece(general, default),
        line=line,
    )
    if body == "":
        data.qtype = QuestionType.ESSAY
    elif body.startswith("#"):
        data.qtype = QuestionType.NUMERICAL
        data.payload = _gift_numerical(body, default)
    elif "~" in body:
        data.qtype, data.payload = _gift_choice(body, default)
    elif "=" in body and "->" in body:
        data.qtype = QuestionType.MATCHING
        data.payload = _gift_matching(body, default)
    elif _restore(body.split("#", 1)[0]) in ("T", "TRUE", "F", "FALSE"):
        data.qtype = QuestionType.TRUE_FALSE
        data.payload = _gift_truefalse(body, default)
    else:
        data.qtype = QuestionType.SHORT
        data.payload = _gift_short(body, default)
    return _finish(data)


def _gift_settings(data: QuestionData, raw: str) -> None:
    """Apply a "// moodle: {...}" comment: Moodle XML settings GIFT has no syntax for
    (fixed option order, units of a numerical question). Moodle reads it as a comment."""
    try:
        settings = json.loads(raw)
    except ValueError as exc:
        raise GiftError(_("the // moodle: settings are not valid JSON")) from exc
    if not isinstance(settings, dict):
        raise GiftError(_("the // moodle: settings are not valid JSON"))
    if str(settings.get("shuffleanswers", 1)) in ("0", "False", "false"):
        data.payload["shuffle"] = False
    combined = {key: settings.get(tag) for key, tag in _COMBINED.items() if settings.get(tag)}
    if combined:
        # Written by our export in the question's own format (plain or sanitised HTML).
        data.payload["combined_feedback"] = {k: str(v) for k, v in combined.items()}
    if data.qtype == QuestionType.NUMERICAL and settings.get("units"):
        try:
            data.payload.update(
                units=[
                    {"unit": str(u["unit"]), "multiplier": float(u["multiplier"])}
                    for u in settings["units"]
                ],
                unit_grading=int(settings.get("unitgradingtype", 0)),
                unit_penalty=float(settings.get("unitpenalty", 0)),
                unit_display=_SHOWUNITS.get(str(settings.get("showunits", 0)), "input"),
                units_left=str(settings.get("unitsleft", 0)) in ("1", "True", "true"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise GiftError(_("the units in the // moodle: settings are not valid")) from exc


def _gift_moodle_settings(qtype: str, payload: dict[str, Any]) -> dict[str, Any]:
    """What the "// moodle: {...}" comment of an exported question must carry."""
    settings: dict[str, Any] = {}
    if payload.get("shuffle") is False:
        settings["shuffleanswers"] = 0
    for key, tag in _COMBINED.items():
        if (payload.get("combined_feedback") or {}).get(key):
            settings[tag] = payload["combined_feedback"][key]
    if qtype == QuestionType.NUMERICAL and payload.get("units"):
        display = {v: k for k, v in _SHOWUNITS.items()}[payload["unit_display"]]
        settings.update(
            units=payload["units"],
            unitgradingtype=payload["unit_grading"],
            unitpenalty=payload["unit_penalty"],
            showunits=int(display),
            unitsleft=1 if payload.get("units_left") else 0,
        )
    return settings


def parse_gift(source: str) -> ParseResult:
    """Parse GIFT text into questions and problems (line numbers start at 1)."""
    items: list[QuestionData] = []
    problems: list[ImportProblem] = []
    category = ""
    for line, lines, meta in _gift_blocks(source.lstrip("\ufeff")):
        head = lines[0].strip()
        if head.startswith("$CATEGORY:"):
            category = _category_from_moodle(head.split(":", 1)[1])
            lines = lines[1:]
            if not lines:
                continue
            line += 1
        try:
            data = _parse_gift_question("\n".join(lines), line)
            if "moodle" in meta:
                _gift_settings(data, meta["moodle"])
        except GiftError as exc:
            problems.append(ImportProblem(line, str(exc)))
            continue
        data.category_path = category
        data.language = meta.get("language", "")
        items.append(data)
    return items, problems


def _gift_escape(text: str) -> str:
    out = "".join("\\" + ch if ch in _ESCAPABLE else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _category_from_moodle(path: str) -> str:
    parts = [p.strip() for p in path.strip().split("/") if p.strip()]
    while parts and parts[0] in ("$course$", "$system$", "$module$", "$cat1$", "top"):
        parts = parts[1:]
    return " / ".join(parts)


def _number_text(value: Any) -> str:
    if value == "*":
        return "*"
    return format(float(value), ".15g")


def _needs_plain_tag(version: Any) -> bool:
    """A plain question whose text looks like HTML is exported as [plain]."""
    texts: list[str] = []
    _collect_strings([version.text, version.general_feedback, version.payload], texts)
    return any(fmt.has_tags(t) for t in texts)


def _collect_strings(value: Any, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, list):
        for v in value:
            _collect_strings(v, found)
    elif isinstance(value, dict):
        for v in value.values():
            _collect_strings(v, found)


def _gift_body(qtype: str, payload: dict[str, Any]) -> str:
    e = _gift_escape
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        answers = []
        for option in payload["options"]:
            fraction = float(option.get("fraction", 1.0 if option.get("correct") else 0.0))
            if fraction == 1.0 and qtype == QuestionType.SINGLE:
                mark = "="
            elif fraction == 0:
                mark = "~"
            else:
                mark = f"~%{fraction_label(fraction)}%"
            fb = "#" + e(option["feedback"]) if option.get("feedback") else ""
            answers.append(f"\t{mark}{e(option['text'])}{fb}")
        return "\n" + "\n".join(answers) + "\n"
    if qtype == QuestionType.TRUE_FALSE:
        value = bool(payload["answer"])
        right = payload.get("feedback_true" if value else "feedback_false", "")
        wrong = payload.get("feedback_false" if value else "feedback_true", "")
        body = "TRUE" if value else "FALSE"
        if wrong or right:
            body += "#" + e(wrong)
        if right:
            body += "#" + e(right)
        return body
    if qtype == QuestionType.MATCHING:
        pairs = [f"\t={e(p['left'])} -> {e(p['right'])}" for p in payload["pairs"]]
        return "\n" + "\n".join(pairs) + "\n"
    if qtype == QuestionType.SHORT:
        lines = [
            f"\t=%{fraction_label(a['fraction'])}%{e(a['text'])}"
            + (f"#{e(a['feedback'])}" if a.get("feedback") else "")
            for a in short_answers(payload)
        ]
        return "\n" + "\n".join(lines) + "\n"
    if qtype == QuestionType.NUMERICAL:
        lines = []
        for a in payload["answers"]:
            value = _number_text(a["value"])
            tolerance = f":{_number_text(a['tolerance'])}" if a["value"] != "*" else ""
            fb = f"#{e(a['feedback'])}" if a.get("feedback") else ""
            lines.append(f"\t=%{fraction_label(a['fraction'])}%{value}{tolerance}{fb}")
        return "#\n" + "\n".join(lines) + "\n"
    return ""


def export_gift(questions: list[Question]) -> str:
    """GIFT text of the questions' current versions, grouped by category."""
    chunks: list[str] = []
    category = None
    for question in questions:
        version = question.current_version
        if version is None:
            continue
        if question.category.path != category:
            category = question.category.path
            chunks.append(
                "$CATEGORY: $course$/top/"
                + "/".join(part.replace("/", "-") for part in category.split(" / "))
            )
        if version.text_format == TextFormat.HTML:
            tag = "[html]"
        else:
            tag = "[plain]" if _needs_plain_tag(version) else ""
        title = f"::{_gift_escape(question.name)}::" if question.name else ""
        settings = _gift_moodle_settings(question.qtype, version.payload)
        comment = f"// moodle: {json.dumps(settings, ensure_ascii=False)}\n" if settings else ""
        head = (
            f"// language: {question.language}\n{comment}{title}{tag}{_gift_escape(version.text)}"
        )
        if question.qtype == QuestionType.DESCRIPTION:
            chunks.append(head)
            continue
        body = _gift_body(question.qtype, version.payload)
        if version.general_feedback:
            body += "####" + _gift_escape(version.general_feedback)
        chunks.append(f"{head}{{{body}}}")
    return "\n\n".join(chunks) + "\n"


# ---------------------------------------------------------- Moodle XML ----

_XML_FORMATS = {
    "html": fmt.HTML,
    "moodle_auto_format": fmt.MOODLE,
    "plain_text": fmt.PLAIN,
    "markdown": fmt.MARKDOWN,
}


class _LineTreeBuilder(TreeBuilder):
    """Remembers the source line of each element (keyed by id)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:  # type: ignore[override]
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber if self.parser else 0
        return element


def _text(element: Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _xml_piece(element: Element | None, default: str) -> _Piece:
    if element is None:
        return _Piece("", default)
    source = _XML_FORMATS.get(element.get("format", ""), default)
    return _Piece(_text(element), source)


def _xml_fraction(answer: Element) -> float:
    try:
        return float(answer.get("fraction", "0")) / 100
    except ValueError as exc:
        raise GiftError(_("a grade is not a number")) from exc


_COMBINED = {
    "correct": "correctfeedback",
    "partial": "partiallycorrectfeedback",
    "incorrect": "incorrectfeedback",
}


def _xml_shuffle(element: Element, payload: dict[str, Any], default: str) -> dict[str, Any]:
    """Moodle's <shuffleanswers>: 0/false keeps the author's order (absent: shuffled);
    and the combined feedback for a correct, partly correct and incorrect response."""
    flag = element.find("shuffleanswers")
    if flag is not None and (flag.text or "").strip().lower() in ("0", "false"):
        payload["shuffle"] = False
    combined = {key: _xml_piece(element.find(tag), default) for key, tag in _COMBINED.items()}
    for piece in combined.values():
        # Moodle writes its default "Your answer is correct." as HTML: without tags it is
        # text, and must not turn a plain question into an HTML one.
        if piece.format == fmt.HTML and not fmt.has_tags(piece.text) and "&" not in piece.text:
            piece.format = fmt.PLAIN
    if any(piece.text for piece in combined.values()):
        payload["combined_feedback"] = combined
    return payload


def _xml_combined(node: Element, payload: dict[str, Any], tf: str) -> None:
    combined = payload.get("combined_feedback") or {}
    for key, tag in _COMBINED.items():
        if combined.get(key):
            _xml_text(node, tag, combined[key], tf)


_SHOWUNITS = {"0": "input", "1": "radio", "2": "select", "3": "none"}


def _xml_units(element: Element) -> dict[str, Any]:
    """Moodle's <units> of a numerical question with its unit grading settings."""
    units = []
    for node in element.findall("units/unit"):
        name = _text(node, "unit_name")
        if not name:
            continue
        try:
            multiplier = float(_text(node, "multiplier") or 1)
        except ValueError as exc:
            raise GiftError(
                _("the multiplier of the unit %(unit)s is not a number") % {"unit": name}
            ) from exc
        units.append({"unit": name, "multiplier": multiplier})
    if not units:
        return {}
    try:
        grading = int(_text(element, "unitgradingtype") or 0)
        penalty = float(_text(element, "unitpenalty") or 0)
    except ValueError as exc:
        raise GiftError(_("the unit penalty is not a number")) from exc
    return {
        "units": units,
        "unit_grading": grading,
        "unit_penalty": penalty,
        "unit_display": _SHOWUNITS.get(_text(element, "showunits") or "0", "input"),
        "units_left": _text(element, "unitsleft") in ("1", "true"),
    }


def _xml_files(element: Element) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for node in element.iter("file"):
        name = node.get("name", "")
        if not name:
            continue
        try:
            files[name] = base64.b64decode((node.text or "").strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise GiftError(
                _("the embedded file %(name)s is not valid base64") % {"name": name}
            ) from exc
    return files


def _xml_question(element: Element, kind: str, default: str) -> tuple[str, dict[str, Any]]:
    answers = element.findall("answer")
    if kind == "multichoice":
        single = _text(element, "single").lower() in ("true", "1")
        options = [
            {
                "text": _xml_piece(a, default),
                "fraction": _xml_fraction(a),
                "feedback": _xml_piece(a.find("feedback"), default),
            }
            for a in answers
        ]
        qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
        return qtype, _xml_shuffle(element, {"options": options}, default)
    if kind == "truefalse":
        by_value = {_text(a).lower(): a for a in answers}
        true, false = by_value.get("true"), by_value.get("false")
        if true is None:
            raise GiftError(_("a true/false question needs a 'true' answer"))
        return QuestionType.TRUE_FALSE, {
            "answer": _xml_fraction(true) > 0,
            "feedback_true": _xml_piece(true.find("feedback"), default),
            "feedback_false": _xml_piece(
                false.find("feedback") if false is not None else None, default
            ),
        }
    if kind == "shortanswer":
        return QuestionType.SHORT, {
            "answers": [
                {
                    "text": _text(a),
                    "fraction": _xml_fraction(a),
                    "feedback": _xml_piece(a.find("feedback"), default),
                }
                for a in answers
            ],
            "case_sensitive": _text(element, "usecase") in ("1", "true"),
        }
    if kind == "numerical":
        values = []
        for a in answers:
            raw = _text(a)
            try:
                value: float | str = "*" if raw == "*" else float(raw)
                tolerance = float(_text(a, "tolerance") or 0)
            except ValueError as exc:
                raise GiftError(_("%(value)s is not a number") % {"value": raw or "''"}) from exc
            values.append(
                {
                    "value": value,
                    "tolerance": tolerance,
                    "fraction": _xml_fraction(a),
                    "feedback": _xml_piece(a.find("feedback"), default),
                }
            )
        return QuestionType.NUMERICAL, {"answers": values, **_xml_units(element)}
    if kind == "matching":
        pairs = [
            {"left": _xml_piece(s, default), "right": _text(s.find("answer"))}
            for s in element.findall("subquestion")
        ]
        return QuestionType.MATCHING, _xml_shuffle(element, {"pairs": pairs}, default)
    if kind == "essay":
        return QuestionType.ESSAY, {}
    if kind == "description":
        return QuestionType.DESCRIPTION, {}
    if kind in ("cloze", "multianswer"):
        raise GiftError(_CLOZE_REASON())
    raise GiftError(_("question type %(type)s is not supported") % {"type": kind or "?"})


def parse_moodle_xml(source: bytes | str) -> ParseResult:
    """Parse Moodle XML safely (no entities, no external references)."""
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(source.encode() if isinstance(source, str) else source)
        root = parser.close()
    except (ParseError, DefusedXmlException) as exc:
        line = getattr(exc, "position", (0, 0))[0] if isinstance(exc, ParseError) else 0
        message = _("the file is not well-formed XML: %(error)s") % {"error": exc}
        return [], [ImportProblem(line, message, fatal=True)]
    if root.tag != "quiz":
        return [], [ImportProblem(1, _("the root element must be <quiz>"), fatal=True)]
    items: list[QuestionData] = []
    problems: list[ImportProblem] = []
    category = ""
    for element in root.findall("question"):
        line = builder.lines.get(id(element), 0)
        kind = element.get("type", "")
        if kind == "category":
            category = _category_from_moodle(_text(element.find("category")))
            continue
        try:
            questiontext = element.find("questiontext")
            text = _xml_piece(questiontext, fmt.MOODLE)
            default = text.format
            qtype, payload = _xml_question(element, kind, default)
            tags = [_text(t) for t in element.findall("tags/tag")]
            language = next((t[5:] for t in tags if t.startswith("lang:")), "")
            data = _finish(
                QuestionData(
                    qtype=qtype,
                    text=text,
                    payload=payload,
                    language=language if language in LANGUAGES else "",
                    category_path=category,
                    general_feedback=_xml_piece(element.find("generalfeedback"), default),
                    line=line,
                    files=_xml_files(element),
                )
            )
            name = _text(element.find("name"))
            # The exporter fills a missing title with the text's start; drop it again.
            data.name = "" if name == _default_name(data.text, data.text_format) else name
            items.append(data)
        except GiftError as exc:
            problems.append(ImportProblem(line, str(exc)))
    return items, problems


def _default_name(text: str, text_format: str) -> str:
    return fmt.plain_text(text, text_format)[:60]


_FILE_LINK = re.compile(r"""(src|href)="([^"]+)\"""")


def _embed_files(text: str, parent: Element) -> str:
    """Links to the bank's stored files become @@PLUGINFILE@@ links with <file> elements."""
    prefix = default_storage.url(FILES_DIR + "/")

    def replace(match: re.Match[str]) -> str:
        url = match.group(2)
        if not url.startswith(prefix):
            return match.group(0)
        path = FILES_DIR + "/" + unquote(url[len(prefix) :])
        if not default_storage.exists(path):
            return match.group(0)
        name = path.rsplit("/", 1)[-1]
        with default_storage.open(path, "rb") as handle:
            content = base64.b64encode(handle.read()).decode()
        if all(f.get("name") != name for f in parent.findall("file")):
            node = SubElement(parent, "file", name=name, path="/", encoding="base64")
            node.text = content
        return f'{match.group(1)}="@@PLUGINFILE@@/{quote(name)}"'

    return _FILE_LINK.sub(replace, text)


def _xml_text(parent: Element, tag: str | None, text: str, text_format: str) -> Element:
    node = SubElement(parent, tag) if tag else parent
    node.set("format", "html" if text_format == TextFormat.HTML else "plain_text")
    text_node = SubElement(node, "text")
    text_node.text = _embed_files(text, node) if text_format == TextFormat.HTML else text
    # <text> first, then the files, as Moodle writes them.
    files = node.findall("file")
    for f in files:
        node.remove(f)
        node.append(f)
    return node


_XML_KIND = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.SHORT: "shortanswer",
    QuestionType.MATCHING: "matching",
    QuestionType.NUMERICAL: "numerical",
    QuestionType.ESSAY: "essay",
    QuestionType.DESCRIPTION: "description",
}


def _xml_answers(node: Element, qtype: str, payload: dict[str, Any], tf: str) -> None:
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        SubElement(node, "single").text = "true" if qtype == QuestionType.SINGLE else "false"
        SubElement(node, "shuffleanswers").text = "0" if payload.get("shuffle") is False else "1"
        _xml_combined(node, payload, tf)
        for option in payload["options"]:
            fraction = float(option.get("fraction", 1.0 if option.get("correct") else 0.0))
            answer = SubElement(node, "answer", fraction=fraction_label(fraction))
            _xml_text(answer, None, option["text"], tf)
            _xml_text(answer, "feedback", option.get("feedback", ""), tf)
    elif qtype == QuestionType.TRUE_FALSE:
        for value in (True, False):
            fraction = "100" if payload["answer"] == value else "0"
            answer = SubElement(node, "answer", fraction=fraction)
            SubElement(answer, "text").text = "true" if value else "false"
            feedback = payload.get("feedback_true" if value else "feedback_false", "")
            _xml_text(answer, "feedback", feedback, tf)
    elif qtype == QuestionType.SHORT:
        SubElement(node, "usecase").text = "1" if payload.get("case_sensitive") else "0"
        for accepted in short_answers(payload):
            answer = SubElement(node, "answer", fraction=fraction_label(accepted["fraction"]))
            SubElement(answer, "text").text = accepted["text"]
            _xml_text(answer, "feedback", accepted.get("feedback", ""), tf)
    elif qtype == QuestionType.NUMERICAL:
        for accepted in payload["answers"]:
            answer = SubElement(node, "answer", fraction=fraction_label(accepted["fraction"]))
            SubElement(answer, "text").text = _number_text(accepted["value"])
            SubElement(answer, "tolerance").text = _number_text(accepted["tolerance"])
            _xml_text(answer, "feedback", accepted.get("feedback", ""), tf)
        if payload.get("units"):
            display = {v: k for k, v in _SHOWUNITS.items()}[payload["unit_display"]]
            SubElement(node, "unitgradingtype").text = str(payload["unit_grading"])
            SubElement(node, "unitpenalty").text = _number_text(payload["unit_penalty"])
            SubElement(node, "showunits").text = display
            SubElement(node, "unitsleft").text = "1" if payload.get("units_left") else "0"
            units = SubElement(node, "units")
            for unit in payload["units"]:
                element = SubElement(units, "unit")
                SubElement(element, "multiplier").text = _number_text(unit["multiplier"])
                SubElement(element, "unit_name").text = unit["unit"]
    elif qtype == QuestionType.MATCHING:
        SubElement(node, "shuffleanswers").text = "0" if payload.get("shuffle") is False else "1"
        _xml_combined(node, payload, tf)
        for pair in payload["pairs"]:
            sub = _xml_text(node, "subquestion", pair["left"], tf)
            SubElement(SubElement(sub, "answer"), "text").text = pair["right"]


def export_moodle_xml(questions: list[Question]) -> str:
    quiz = Element("quiz")
    category = None
    for question in questions:
        version = question.current_version
        if version is None:
            continue
        if question.category.path != category:
            category = question.category.path
            cat = SubElement(quiz, "question", type="category")
            path = "/".join(p.replace("/", "-") for p in category.split(" / "))
            SubElement(SubElement(cat, "category"), "text").text = "$course$/top/" + path
        qtype = question.qtype
        tf = version.text_format
        node = SubElement(quiz, "question", type=_XML_KIND[QuestionType(qtype)])
        name = question.name or _default_name(version.text, tf)
        SubElement(SubElement(node, "name"), "text").text = name
        _xml_text(node, "questiontext", version.text, tf)
        _xml_text(node, "generalfeedback", version.general_feedback, tf)
        _xml_answers(node, qtype, version.payload, tf)
        tag = SubElement(SubElement(node, "tags"), "tag")
        SubElement(tag, "text").text = "lang:" + question.language
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(quiz, encoding="unicode") + "\n"


# ---------------------------------------------------------------- Aiken ----

# Moodle: a letter, ")" or ".", then the option (a space after it is optional).
_AIKEN_OPTION = re.compile(r"^([A-Z])[.)][ \t]*(\S.*)$")


def parse_aiken(source: str) -> ParseResult:
    """Aiken as Moodle reads it: a one-line question, options "A)" / "A.", "ANSWER: X".

    Blank lines may stand anywhere. An option or answer without a question ("question
    not started"), a question without its ANSWER line before the next question, or
    fewer than two options is refused with its line; the others import.
    """
    items: list[QuestionData] = []
    problems: list[ImportProblem] = []
    current: dict[str, Any] | None = None
    lines = source.lstrip("\ufeff").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        option = _AIKEN_OPTION.match(line)
        if line.upper().startswith("ANSWER:") or (option and current is not None):
            if current is None:
                problems.append(ImportProblem(number, _("an answer before any question")))
                continue
            if option:
                current["options"].append((option.group(1), option.group(2).strip()))
                continue
            letter = line.split(":", 1)[1].strip()[:1].upper()
            options = dict(current["options"])
            if len(current["options"]) < 2:
                problems.append(ImportProblem(number, _("a question needs at least two options")))
            elif letter not in options:
                problems.append(
                    ImportProblem(number, _("the answer letter is not one of the options"))
                )
            else:
                items.append(
                    QuestionData(
                        qtype=QuestionType.SINGLE,
                        text=current["text"],
                        payload={
                            "options": [
                                {"text": t, "fraction": 1.0 if k == letter else 0.0}
                                for k, t in current["options"]
                            ]
                        },
                        line=current["line"],
                    )
                )
            current = None
            continue
        if option:
            problems.append(ImportProblem(number, _("an option before any question")))
            continue
        if current is not None:
            problems.append(
                ImportProblem(
                    current["line"],
                    _("the question has no ANSWER line before the next question (line %(next)s)")
                    % {"next": number},
                )
            )
        current = {"text": line, "line": number, "options": []}
    if current is not None:
        problems.append(ImportProblem(current["line"], _("the question has no ANSWER line")))
    problems.sort(key=lambda p: p.line)
    return items, problems


def _parse_qti(source: bytes | str) -> ParseResult:
    from .qti import parse_qti  # the QTI module imports this one's helpers

    return parse_qti(source.encode() if isinstance(source, str) else source)


PARSERS = {
    "gift": parse_gift,
    "moodlexml": parse_moodle_xml,
    "aiken": parse_aiken,
    "qti": _parse_qti,
}
EXPORTERS = {"gift": export_gift, "moodlexml": export_moodle_xml}


def parse(source: bytes, fmt_name: str) -> ParseResult:
    """Decode (UTF-8) and parse with the named format; XML and QTI packages are bytes."""
    if fmt_name in ("moodlexml", "qti"):
        return PARSERS[fmt_name](source)
    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [ImportProblem(0, _("the file is not UTF-8 text"), fatal=True)]
    return PARSERS[fmt_name](text)
