"""Moodle GIFT and Moodle XML import/export, Aiken import.

No maintained PyPI GIFT parser fits: `pygiftparser` (1.1) targets HTML rendering and
reports no line numbers, `pygiftparserrgmf` is an unmaintained 0.0.x. This parser
covers the types the bank supports (single/multiple choice, true/false, matching,
short answer) and reports every other question with its line and reason, so a file
with errors still imports its valid questions.

Round trip: the exporters write what the parsers read back without loss: title,
category, language (GIFT `// language: kk` comment, XML tag `lang:kk`), option order,
per-option and general feedback.
"""

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, SubElement, TreeBuilder, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from django.utils.translation import gettext as _

from ..models import Question, QuestionType
from .bank import ImportProblem, QuestionData

ParseResult = tuple[list[QuestionData], list[ImportProblem]]

# ---------------------------------------------------------------- GIFT ----

_ESCAPABLE = "~=#{}:\\"
# Escaped special characters are swapped for private-use code points while parsing.
_PLACEHOLDER = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPABLE)}
_RESTORE = {v: k for k, v in _PLACEHOLDER.items()}


class GiftError(ValueError):
    pass


def _protect(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in _PLACEHOLDER:
                out.append(_PLACEHOLDER[nxt])
            elif nxt == "n":
                out.append("\n")
            else:
                out.append(nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(ch, ch) for ch in text).strip()


def _strip_format(text: str) -> str:
    return re.sub(r"^\s*\[(html|moodle|plain|markdown)\]", "", text)


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
            found = re.match(r"//\s*language:\s*(kk|ru)\b", stripped)
            if found:
                pending_meta["language"] = found.group(1)
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


def _split_answers(body: str) -> list[tuple[str, str]]:
    """Split "=a#fb ~b ~c" into [("=", "a#fb"), ("~", "b"), ...]."""
    parts: list[tuple[str, str]] = []
    for match in re.finditer(r"([=~])([^=~]*)", body):
        parts.append((match.group(1), match.group(2)))
    if body.strip() and not parts:
        raise GiftError(_("answers must start with = or ~"))
    leading = body[: body.find(parts[0][0])] if parts else ""
    if leading.strip():
        raise GiftError(_("text before the first answer"))
    return parts


def _feedback(chunk: str) -> tuple[str, str]:
    text, _sep, feedback = chunk.partition("#")
    return text, feedback


def _parse_gift_question(text: str, answers: str, line: int) -> QuestionData:
    body = answers.strip()
    general = ""
    if "####" in body:
        body, general = body.split("####", 1)
    body = body.strip()
    if body == "":
        raise GiftError(_("essay questions are not supported"))
    if body.startswith("#"):
        raise GiftError(_("numerical questions are not supported"))
    tf = re.fullmatch(r"(T|F|TRUE|FALSE)((?:#[^#]*){0,2})", body)
    if tf:
        return QuestionData(
            qtype=QuestionType.TRUE_FALSE,
            text=text,
            payload={"answer": tf.group(1) in ("T", "TRUE")},
            general_feedback=_restore(general),
            line=line,
        )
    parts = _split_answers(body)
    if all(mark == "=" for mark, _c in parts) and all("->" in c for _m, c in parts):
        pairs = []
        for _mark, chunk in parts:
            left, _arrow, right = _feedback(chunk)[0].partition("->")
            pairs.append({"left": _restore(left), "right": _restore(right)})
        return QuestionData(
            qtype=QuestionType.MATCHING,
            text=text,
            payload={"pairs": pairs},
            general_feedback=_restore(general),
            line=line,
        )
    if all(mark == "=" for mark, _c in parts):
        return QuestionData(
            qtype=QuestionType.SHORT,
            text=text,
            payload={"answers": [_restore(_feedback(c)[0]) for _m, c in parts]},
            general_feedback=_restore(general),
            line=line,
        )
    options = []
    weighted = False
    for mark, chunk in parts:
        option_text, feedback = _feedback(chunk)
        weight = re.match(r"\s*%(-?\d+(?:\.\d+)?)%", option_text)
        if weight:
            weighted = True
            option_text = option_text[weight.end() :]
            correct = float(weight.group(1)) > 0
        else:
            correct = mark == "="
        options.append(
            {"text": _restore(option_text), "correct": correct, "feedback": _restore(feedback)}
        )
    n_correct = sum(1 for o in options if o["correct"])
    qtype = QuestionType.MULTIPLE if weighted or n_correct > 1 else QuestionType.SINGLE
    return QuestionData(
        qtype=qtype,
        text=text,
        payload={"options": options},
        general_feedback=_restore(general),
        line=line,
    )


def parse_gift(source: str) -> ParseResult:
    """Parse GIFT text into questions and problems (line numbers start at 1)."""
    items: list[QuestionData] = []
    problems: list[ImportProblem] = []
    category = ""
    for line, lines, meta in _gift_blocks(source.lstrip("\ufeff")):
        block = "\n".join(lines)
        head = lines[0].strip()
        if head.startswith("$CATEGORY:"):
            category = _category_from_moodle(head.split(":", 1)[1])
            rest = lines[1:]
            if not rest:
                continue
            block, line = "\n".join(rest), line + 1
        try:
            protected = _protect(block)
            name = ""
            titled = re.match(r"\s*::(.*?)::", protected, re.S)
            if titled:
                name = _restore(titled.group(1))
                protected = protected[titled.end() :]
            opened = protected.count("{")
            if opened == 0:
                raise GiftError(_("no answer block { }"))
            if opened > 1 or protected.count("}") != 1 or protected.find("}") < protected.find("{"):
                raise GiftError(_("unbalanced or repeated braces"))
            before, rest_text = protected.split("{", 1)
            answers, after = rest_text.split("}", 1)
            text = _restore(_strip_format(before) + (" _____ " + after if after.strip() else ""))
            data = _parse_gift_question(text, answers, line)
            data.name = name
            data.category_path = category
            data.language = meta.get("language", "")
            items.append(data)
        except GiftError as exc:
            problems.append(ImportProblem(line, str(exc)))
    return items, problems


def _gift_escape(text: str) -> str:
    out = "".join("\\" + ch if ch in _ESCAPABLE else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _category_from_moodle(path: str) -> str:
    parts = [p.strip() for p in path.strip().split("/") if p.strip()]
    while parts and parts[0] in ("$course$", "$system$", "$module$", "$cat1$", "top"):
        parts = parts[1:]
    return " / ".join(parts)


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
        payload = version.payload
        qtype = question.qtype
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            correct = sum(1 for o in payload["options"] if o["correct"])
            answers = []
            for option in payload["options"]:
                if qtype == QuestionType.SINGLE:
                    mark = "=" if option["correct"] else "~"
                else:
                    weight = f"{100 / correct:.5f}".rstrip("0").rstrip(".")
                    mark = f"~%{weight}%" if option["correct"] else "~%-100%"
                fb = "#" + _gift_escape(option["feedback"]) if option.get("feedback") else ""
                answers.append(f"{mark}{_gift_escape(option['text'])}{fb}")
            body = " ".join(answers)
        elif qtype == QuestionType.TRUE_FALSE:
            body = "TRUE" if payload["answer"] else "FALSE"
        elif qtype == QuestionType.MATCHING:
            body = " ".join(
                f"={_gift_escape(p['left'])} -> {_gift_escape(p['right'])}"
                for p in payload["pairs"]
            )
        else:
            body = " ".join(f"={_gift_escape(a)}" for a in payload["answers"])
        if version.general_feedback:
            body += " ####" + _gift_escape(version.general_feedback)
        title = f"::{_gift_escape(question.name)}::" if question.name else ""
        chunks.append(
            f"// language: {question.language}\n{title}{_gift_escape(version.text)} {{{body}}}"
        )
    return "\n\n".join(chunks) + "\n"


# ---------------------------------------------------------- Moodle XML ----

_XML_TYPES = {
    "truefalse": QuestionType.TRUE_FALSE,
    "shortanswer": QuestionType.SHORT,
    "matching": QuestionType.MATCHING,
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


def _fraction(answer: Element) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError as exc:
        raise GiftError(_("a fraction is not a number")) from exc


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
            text = re.sub(r"<[^>]+>", "", _text(element.find("questiontext")))
            tags = [_text(t) for t in element.findall("tags/tag")]
            language = next((t[5:] for t in tags if t.startswith("lang:")), "")
            data = QuestionData(
                qtype="",
                text=text,
                payload={},
                # The exporter fills a missing title with the text's start; drop it again.
                name=name if (name := _text(element.find("name"))) != text[:60] else "",
                language=language if language in ("kk", "ru") else "",
                category_path=category,
                general_feedback=_text(element.find("generalfeedback")),
                line=line,
            )
            if kind == "multichoice":
                single = _text(element, "single").lower() in ("true", "1")
                data.qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
                data.payload = {
                    "options": [
                        {
                            "text": _text(a),
                            "correct": _fraction(a) > 0,
                            "feedback": _text(a.find("feedback")),
                        }
                        for a in element.findall("answer")
                    ]
                }
            elif kind == "truefalse":
                true = next(
                    (a for a in element.findall("answer") if _text(a).lower() == "true"), None
                )
                if true is None:
                    raise GiftError(_("a true/false question needs a 'true' answer"))
                data.qtype = QuestionType.TRUE_FALSE
                data.payload = {"answer": _fraction(true) > 0}
            elif kind == "shortanswer":
                data.qtype = QuestionType.SHORT
                data.payload = {
                    "answers": [_text(a) for a in element.findall("answer") if _fraction(a) > 0]
                }
            elif kind == "matching":
                data.qtype = QuestionType.MATCHING
                data.payload = {
                    "pairs": [
                        {"left": _text(s), "right": _text(s.find("answer"))}
                        for s in element.findall("subquestion")
                    ]
                }
            else:
                raise GiftError(
                    _("question type %(type)s is not supported") % {"type": kind or "?"}
                )
            items.append(data)
        except GiftError as exc:
            problems.append(ImportProblem(line, str(exc)))
    return items, problems


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
        kind = {
            QuestionType.SINGLE: "multichoice",
            QuestionType.MULTIPLE: "multichoice",
            QuestionType.TRUE_FALSE: "truefalse",
            QuestionType.SHORT: "shortanswer",
            QuestionType.MATCHING: "matching",
        }[QuestionType(qtype)]
        node = SubElement(quiz, "question", type=kind)
        SubElement(SubElement(node, "name"), "text").text = question.name or version.text[:60]
        qt = SubElement(node, "questiontext", format="plain_text")
        SubElement(qt, "text").text = version.text
        SubElement(SubElement(node, "generalfeedback"), "text").text = version.general_feedback
        payload = version.payload
        if kind == "multichoice":
            SubElement(node, "single").text = "true" if qtype == QuestionType.SINGLE else "false"
            correct = sum(1 for o in payload["options"] if o["correct"])
            for option in payload["options"]:
                fraction = (
                    f"{100 / correct:.5f}".rstrip("0").rstrip(".") if option["correct"] else "0"
                )
                answer = SubElement(node, "answer", fraction=fraction)
                SubElement(answer, "text").text = option["text"]
                SubElement(SubElement(answer, "feedback"), "text").text = option.get("feedback", "")
        elif kind == "truefalse":
            for value in (True, False):
                fraction = "100" if payload["answer"] == value else "0"
                answer = SubElement(node, "answer", fraction=fraction)
                SubElement(answer, "text").text = "true" if value else "false"
        elif kind == "shortanswer":
            for accepted in payload["answers"]:
                SubElement(SubElement(node, "answer", fraction="100"), "text").text = accepted
        else:
            for pair in payload["pairs"]:
                sub = SubElement(node, "subquestion")
                SubElement(sub, "text").text = pair["left"]
                SubElement(SubElement(sub, "answer"), "text").text = pair["right"]
        tag = SubElement(SubElement(node, "tags"), "tag")
        SubElement(tag, "text").text = "lang:" + question.language
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(quiz, encoding="unicode") + "\n"


# ---------------------------------------------------------------- Aiken ----


def parse_aiken(source: str) -> ParseResult:
    """Aiken: question line, options "A." / "A)", then "ANSWER: X"; single choice only."""
    items: list[QuestionData] = []
    problems: list[ImportProblem] = []
    block: list[tuple[int, str]] = []
    lines = source.lstrip("\ufeff").splitlines()
    for number, raw in enumerate([*lines, ""], start=1):
        line = raw.strip()
        if line:
            block.append((number, line))
        if not block or not (not line or line.upper().startswith("ANSWER:")):
            continue
        start = block[0][0]
        try:
            *body, (_n, answer_line) = block
            if not answer_line.upper().startswith("ANSWER:"):
                raise GiftError(_("no ANSWER: line"))
            letter = answer_line.split(":", 1)[1].strip().upper()
            text_lines: list[str] = []
            options: dict[str, str] = {}
            for _n2, item in body:
                found = re.match(r"^([A-Z])[.)]\s+(.*)$", item)
                if found:
                    options[found.group(1)] = found.group(2)
                elif options:
                    raise GiftError(_("text after the options"))
                else:
                    text_lines.append(item)
            if not text_lines:
                raise GiftError(_("the question has no text"))
            if letter not in options:
                raise GiftError(_("the answer letter is not one of the options"))
            items.append(
                QuestionData(
                    qtype=QuestionType.SINGLE,
                    text=" ".join(text_lines),
                    payload={
                        "options": [{"text": t, "correct": k == letter} for k, t in options.items()]
                    },
                    line=start,
                )
            )
        except GiftError as exc:
            problems.append(ImportProblem(start, str(exc)))
        block = []
    return items, problems


PARSERS = {"gift": parse_gift, "moodlexml": parse_moodle_xml, "aiken": parse_aiken}
EXPORTERS = {"gift": export_gift, "moodlexml": export_moodle_xml}


def parse(source: bytes, fmt: str) -> ParseResult:
    """Decode (UTF-8) and parse with the named format; XML keeps its own encoding."""
    if fmt == "moodlexml":
        return parse_moodle_xml(source)
    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [ImportProblem(0, _("the file is not UTF-8 text"), fatal=True)]
    return PARSERS[fmt](text)
