"""IMS QTI 2.1 export and import of the question bank (TAO, Inspera, testing centres).

The export is a content package: a zip with ``imsmanifest.xml`` (IMS CP 1.1), one
``assessmentItem`` per question under ``items/`` and the question's embedded files under
``media/``. Each type maps onto the standard interactions:

- single / multiple choice and true/false: ``choiceInteraction`` (``maxChoices`` 1 or 0),
  every option's fraction in the response ``mapping`` (negative ones too, the score held
  to 0…1 by ``lowerBound``/``upperBound``), the option feedback as ``feedbackInline``,
  the option order flag as ``shuffle``;
- matching: ``matchInteraction`` with two ``simpleMatchSet`` (an extra answer only in the
  second), ``directedPair`` responses, each pair worth its share;
- short answer and numerical: ``textEntryInteraction`` and a ``responseProcessing`` that
  tries the answers in order as Moodle does (``stringMatch``, ``patternMatch`` for a
  ``*`` wildcard, ``equal`` with an absolute tolerance) and sets ``SCORE`` to the first
  match's fraction and ``FEEDBACK`` to its ``modalFeedback``;
- essay: ``extendedTextInteraction`` (graded by hand); description: no interaction.

The general feedback is a ``modalFeedback`` shown in every case. Title, language
(``xml:lang``) and category (``label``) travel on the item; a plain-text question is
marked ``class="academy-plain"`` on its ``itemBody``. HTML tags outside QTI's XHTML
profile (u, s, del, ins, mark, figure, figcaption) travel as ``span``/``div`` with the
class ``academy-<tag>``. QTI has no units: a numerical question's units travel as outcome
declarations with default values (UNITS "km 1", "m 1000", UNITGRADING, UNITPENALTY,
UNITDISPLAY, UNITSLEFT); its response processing scores numbers in the first unit.

The import reads such a package (or one ``assessmentItem`` file) back; ours round-trip
without loss, other tools' items import when they use the same subset. An item outside
it is refused with its number and file, the others are kept.
"""

import io
import re
import zipfile
from html import escape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, unquote
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from ..models import Question, QuestionType, TextFormat
from .bank import FILES_DIR, ImportProblem, QuestionData, short_answers
from .text import plain_text

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ITEM_TYPE = "imsqti_item_xmlv2p1"
register_namespace("", QTI)
register_namespace("xsi", XSI)

_NOT_IN_QTI = {"u": "span", "s": "span", "del": "span", "ins": "span", "mark": "span"}
_NOT_IN_QTI_BLOCK = {"figure": "div", "figcaption": "div"}
_VOID = {"br", "img", "hr"}
_PLAIN = "academy-plain"
_KIND = "academy-"


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


class QtiError(ValueError):
    pass


# ------------------------------------------------------------ HTML ↔ XHTML ----


class _XhtmlBuilder(HTMLParser):
    """Sanitised HTML into QTI-namespaced XHTML elements under `parent`."""

    def __init__(self, parent: Element) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [parent]

    def _text(self, data: str) -> None:
        node = self.stack[-1]
        if len(node):
            last = node[-1]
            last.tail = (last.tail or "") + data
        else:
            node.text = (node.text or "") + data

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = _NOT_IN_QTI.get(tag) or _NOT_IN_QTI_BLOCK.get(tag) or tag
        element = SubElement(self.stack[-1], _q(name), {k: v or "" for k, v in attrs})
        if name != tag:
            element.set("class", _KIND + tag)
        if tag == "img" and element.get("alt") is None:
            element.set("alt", "")  # required by QTI's XHTML
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        name = _NOT_IN_QTI.get(tag) or _NOT_IN_QTI_BLOCK.get(tag) or tag
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == _q(name):
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._text(data)


def _put(parent: Element, text: str, text_format: str) -> Element:
    """A version's text into `parent`: a plain text as it is, HTML as XHTML."""
    if text_format == TextFormat.PLAIN:
        parent.text = text
        return parent
    builder = _XhtmlBuilder(parent)
    builder.feed(text)
    builder.close()
    return parent


def _html_of(element: Element, *, skip: tuple[str, ...] = ()) -> str:
    """The children of a QTI element as HTML (the inverse of _put)."""
    out = [escape(element.text or "", quote=False)]
    for child in element:
        tag = child.tag.split("}", 1)[-1]
        if tag in skip:
            out.append(escape(child.tail or "", quote=False))
            continue
        css = child.get("class", "")
        name = css[len(_KIND) :] if css.startswith(_KIND) and tag in ("span", "div") else tag
        attrs = "".join(
            f' {k}="{escape(v)}"'
            for k, v in child.attrib.items()
            if not k.startswith("{") and not (k == "class" and name != tag)
        )
        if name in _VOID:
            out.append(f"<{name}{attrs}>")
        else:
            out.append(f"<{name}{attrs}>{_html_of(child)}</{name}>")
        out.append(escape(child.tail or "", quote=False))
    return "".join(out)


def _text_of(element: Element | None, plain: bool, *, skip: tuple[str, ...] = ()) -> str:
    if element is None:
        return ""
    if plain:
        parts = [element.text or ""]
        for child in element:
            if child.tag.split("}", 1)[-1] not in skip:
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        return "".join(parts).strip()
    return _html_of(element, skip=skip).strip()


# ------------------------------------------------------------------ export ----


_MEDIA_LINK = re.compile(r"""(src|href)="([^"]+)\"""")


def _pack_media(text: str, media: dict[str, bytes]) -> str:
    """Links to the bank's stored files become package paths; the files are collected."""
    prefix = default_storage.url(FILES_DIR + "/")

    def replace(match: re.Match[str]) -> str:
        url = match.group(2)
        if not url.startswith(prefix):
            return match.group(0)
        relative = unquote(url[len(prefix) :])
        path = FILES_DIR + "/" + relative
        if not default_storage.exists(path):
            return match.group(0)
        with default_storage.open(path, "rb") as handle:
            media["media/" + relative] = handle.read()
        return f'{match.group(1)}="../media/{quote(relative)}"'

    return _MEDIA_LINK.sub(replace, text)


def _value(parent: Element, text: str, base_type: str | None = None) -> Element:
    node = SubElement(parent, _q("value"), {"baseType": base_type} if base_type else {})
    node.text = text
    return node


def _outcomes(item: Element, *, feedback: bool = True) -> None:
    score = SubElement(
        item, _q("outcomeDeclaration"), identifier="SCORE", cardinality="single", baseType="float"
    )
    _value(SubElement(score, _q("defaultValue")), "0")
    maximum = SubElement(
        item,
        _q("outcomeDeclaration"),
        identifier="MAXSCORE",
        cardinality="single",
        baseType="float",
    )
    _value(SubElement(maximum, _q("defaultValue")), "1")
    if feedback:
        SubElement(
            item,
            _q("outcomeDeclaration"),
            identifier="FEEDBACK",
            cardinality="multiple",
            baseType="identifier",
        )


def _number(value: Any) -> str:
    return format(float(value), ".15g")


def _set(parent: Element, identifier: str, value: Element | None = None, **base: str) -> None:
    node = SubElement(parent, _q("setOutcomeValue"), identifier=identifier)
    if value is not None:
        node.append(value)
    else:
        SubElement(node, _q("baseValue"), baseType=base["type"]).text = base["text"]


def _variable(identifier: str = "RESPONSE") -> Element:
    return Element(_q("variable"), identifier=identifier)


def _mapped_processing(item: Element) -> None:
    """SCORE = the mapped response (held to the mapping's bounds); FEEDBACK = the choices."""
    processing = SubElement(item, _q("responseProcessing"))
    condition = SubElement(SubElement(processing, _q("responseCondition")), _q("responseIf"))
    not_null = SubElement(SubElement(condition, _q("not")), _q("isNull"))
    not_null.append(_variable())
    _set(condition, "SCORE", Element(_q("mapResponse"), identifier="RESPONSE"))
    multiple = Element(_q("multiple"))
    multiple.append(_variable())
    _set(condition, "FEEDBACK", multiple)


_REGEX_SPECIAL = set("\\.?+*|{}()[]^$-")


def _combined_processing(item: Element) -> None:
    """Moodle's combined feedback: FEEDBACK gets CORRECT (score 1), PARTIAL or INCORRECT."""
    processing = item.find(_q("responseProcessing"))
    if processing is None:
        return
    condition = SubElement(processing, _q("responseCondition"))
    for tag, identifier, test in (
        ("responseIf", "CORRECT", "gte"),
        ("responseElseIf", "PARTIAL", "gt"),
        ("responseElse", "INCORRECT", None),
    ):
        branch = SubElement(condition, _q(tag))
        if test is not None:
            compare = SubElement(branch, _q(test))
            compare.append(_variable("SCORE"))
            SubElement(compare, _q("baseValue"), baseType="float").text = (
                "1" if identifier == "CORRECT" else "0"
            )
        joined = Element(_q("multiple"))
        joined.append(_variable("FEEDBACK"))
        SubElement(joined, _q("baseValue"), baseType="identifier").text = identifier
        _set(branch, "FEEDBACK", joined)


def _wildcard_pattern(text: str, case_sensitive: bool) -> str:
    """A short answer with "*" as an XSD regular expression (anchored by definition).

    Letters of a case-insensitive answer become "[Xx]" with the author's case first, so
    the answer reads back exactly (_unpattern).
    """
    out = []
    for c in text:
        if c == "*":
            out.append(".*")
        elif c in _REGEX_SPECIAL:
            out.append("\\" + c)
        elif not case_sensitive and c.lower() != c.upper():
            out.append(f"[{c}{c.swapcase()}]")
        else:
            out.append(c)
    return "".join(out)


def _unpattern(pattern: str) -> tuple[str, bool]:
    """The answer a _wildcard_pattern came from, and whether it ignores case."""
    out, insensitive, i = [], False, 0
    while i < len(pattern):
        if pattern.startswith(".*", i):
            out.append("*")
            i += 2
        elif pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i + 1])
            i += 2
        elif pattern[i] == "[" and pattern[i + 3 : i + 4] == "]":
            out.append(pattern[i + 1])
            insensitive = True
            i += 4
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out), insensitive


def _answer_processing(item: Element, qtype: str, payload: dict[str, Any]) -> None:
    """Moodle's first matching answer: SCORE its fraction, FEEDBACK its feedback."""
    processing = SubElement(item, _q("responseProcessing"))
    condition = SubElement(processing, _q("responseCondition"))
    answers = (
        short_answers(payload) if qtype == QuestionType.SHORT else payload.get("answers") or []
    )
    case = bool(payload.get("case_sensitive"))
    for index, answer in enumerate(answers):
        branch = SubElement(condition, _q("responseIf" if index == 0 else "responseElseIf"))
        if qtype == QuestionType.NUMERICAL and answer["value"] != "*":
            test = SubElement(
                branch,
                _q("equal"),
                toleranceMode="absolute",
                tolerance=f"{_number(answer['tolerance'])} {_number(answer['tolerance'])}",
            )
            test.append(_variable())
            SubElement(test, _q("baseValue"), baseType="float").text = _number(answer["value"])
        elif qtype == QuestionType.NUMERICAL or answer["text"] == "*":
            test = SubElement(SubElement(branch, _q("not")), _q("isNull"))
            test.append(_variable())
        elif "*" in answer["text"]:
            test = SubElement(
                branch, _q("patternMatch"), pattern=_wildcard_pattern(answer["text"], case)
            )
            test.append(_variable())
        else:
            test = SubElement(branch, _q("stringMatch"), caseSensitive=str(case).lower())
            test.append(_variable())
            SubElement(test, _q("baseValue"), baseType="string").text = answer["text"]
        _set(branch, "SCORE", type="float", text=_number(answer["fraction"]))
        _set(branch, "FEEDBACK", type="identifier", text=f"A{index}")


def _default_title(text: str, text_format: str) -> str:
    return plain_text(text, text_format)[:60] or "?"


def _declare(item: Element, identifier: str, base_type: str, values: list[str]) -> None:
    node = SubElement(
        item,
        _q("outcomeDeclaration"),
        identifier=identifier,
        cardinality="ordered" if len(values) > 1 else "single",
        baseType=base_type,
    )
    default = SubElement(node, _q("defaultValue"))
    for value in values:
        _value(default, value)


def _units_out(item: Element, payload: dict[str, Any]) -> None:
    """Moodle's units as outcome declarations with default values (QTI has no units):
    UNITS ("km 1", "m 1000"), UNITGRADING, UNITPENALTY, UNITDISPLAY, UNITSLEFT."""
    units = [f"{u['unit']} {_number(u['multiplier'])}" for u in payload["units"]]
    node = SubElement(
        item, _q("outcomeDeclaration"), identifier="UNITS", cardinality="ordered", baseType="string"
    )
    default = SubElement(node, _q("defaultValue"))
    for unit in units:
        _value(default, unit)
    _declare(item, "UNITGRADING", "integer", [str(payload["unit_grading"])])
    _declare(item, "UNITPENALTY", "float", [_number(payload["unit_penalty"])])
    _declare(item, "UNITDISPLAY", "identifier", [payload["unit_display"]])
    _declare(item, "UNITSLEFT", "boolean", ["true" if payload.get("units_left") else "false"])


def _units_in(root: Element) -> dict[str, Any]:
    found: dict[str, list[str]] = {}
    for node in _children(root, "outcomeDeclaration"):
        found[node.get("identifier", "")] = [(v.text or "").strip() for v in node.iter(_q("value"))]
    if not found.get("UNITS"):
        return {}
    try:
        units = [
            {"unit": u.rsplit(" ", 1)[0], "multiplier": float(u.rsplit(" ", 1)[1])}
            for u in found["UNITS"]
        ]
        return {
            "units": units,
            "unit_grading": int((found.get("UNITGRADING") or ["0"])[0]),
            "unit_penalty": float((found.get("UNITPENALTY") or ["0"])[0]),
            "unit_display": (found.get("UNITDISPLAY") or ["input"])[0],
            "units_left": (found.get("UNITSLEFT") or ["false"])[0] == "true",
        }
    except (IndexError, ValueError) as exc:
        raise QtiError(_("the units of the item are not valid")) from exc


def _item(question: Question, media: dict[str, bytes]) -> Element:
    version = question.current_version
    payload = version.payload
    qtype = question.qtype
    tf = version.text_format

    def put(parent: Element, text: str) -> Element:
        return _put(parent, _pack_media(text, media) if tf == TextFormat.HTML else text, tf)

    item = Element(
        _q("assessmentItem"),
        {
            f"{{{XSI}}}schemaLocation": f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
            "identifier": f"q{question.pk}",
            "title": question.name or _default_title(version.text, tf),
            "label": question.category.path[:256],
            "adaptive": "false",
            "timeDependent": "false",
            XML_LANG: question.language,
        },
    )
    item.set("toolName", "academy")
    choice_like = qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)
    if choice_like:
        if qtype == QuestionType.TRUE_FALSE:
            options = [
                {"id": "TRUE", "text": _("True"), "fraction": 1.0 if payload["answer"] else 0.0,
                 "feedback": payload.get("feedback_true", "")},
                {"id": "FALSE", "text": _("False"), "fraction": 0.0 if payload["answer"] else 1.0,
                 "feedback": payload.get("feedback_false", "")},
            ]  # fmt: skip
        else:
            options = [
                {**o, "id": f"C{o['id']}", "fraction": float(o.get("fraction", o.get("correct")))}
                for o in payload["options"]
            ]
        single = qtype != QuestionType.MULTIPLE
        declaration = SubElement(
            item,
            _q("responseDeclaration"),
            identifier="RESPONSE",
            cardinality="single" if single else "multiple",
            baseType="identifier",
        )
        correct = SubElement(declaration, _q("correctResponse"))
        best = max(o["fraction"] for o in options)
        for o in options:
            if (single and o["fraction"] == best) or (not single and o["fraction"] > 0):
                _value(correct, o["id"])
        mapping = SubElement(
            declaration, _q("mapping"), lowerBound="0", upperBound="1", defaultValue="0"
        )
        for o in options:
            SubElement(mapping, _q("mapEntry"), mapKey=o["id"], mappedValue=_number(o["fraction"]))
        _outcomes(item)
        body = SubElement(item, _q("itemBody"))
        put(SubElement(body, _q("div")), version.text)
        interaction = SubElement(
            body,
            _q("choiceInteraction"),
            responseIdentifier="RESPONSE",
            shuffle="false" if payload.get("shuffle") is False else "true",
            maxChoices="1" if single else "0",
        )
        if qtype == QuestionType.TRUE_FALSE:
            interaction.set("class", "academy-truefalse")
            interaction.set("shuffle", "false")
        for o in options:
            choice = SubElement(interaction, _q("simpleChoice"), identifier=o["id"])
            if qtype == QuestionType.TRUE_FALSE:
                choice.text = o["text"]
            else:
                put(choice, o["text"])
            if o.get("feedback"):
                put(
                    SubElement(
                        choice,
                        _q("feedbackInline"),
                        outcomeIdentifier="FEEDBACK",
                        identifier=o["id"],
                        showHide="show",
                    ),
                    o["feedback"],
                )
        _mapped_processing(item)
    elif qtype == QuestionType.MATCHING:
        pairs = payload["pairs"]
        lefts = [p for p in pairs if p["left"]]
        declaration = SubElement(
            item,
            _q("responseDeclaration"),
            identifier="RESPONSE",
            cardinality="multiple",
            baseType="directedPair",
        )
        correct = SubElement(declaration, _q("correctResponse"))
        for p in lefts:
            _value(correct, f"L{p['id']} R{p['id']}")
        mapping = SubElement(
            declaration, _q("mapping"), lowerBound="0", upperBound="1", defaultValue="0"
        )
        for p in lefts:
            SubElement(
                mapping,
                _q("mapEntry"),
                mapKey=f"L{p['id']} R{p['id']}",
                mappedValue=_number(1 / len(lefts)),
            )
        _outcomes(item)
        body = SubElement(item, _q("itemBody"))
        put(SubElement(body, _q("div")), version.text)
        interaction = SubElement(
            body,
            _q("matchInteraction"),
            responseIdentifier="RESPONSE",
            shuffle="false" if payload.get("shuffle") is False else "true",
            maxAssociations=str(len(lefts)),
        )
        left_set = SubElement(interaction, _q("simpleMatchSet"))
        for p in lefts:
            put(
                SubElement(
                    left_set, _q("simpleAssociableChoice"), identifier=f"L{p['id']}", matchMax="1"
                ),
                p["left"],
            )
        right_set = SubElement(interaction, _q("simpleMatchSet"))
        for p in pairs:
            node = SubElement(
                right_set,
                _q("simpleAssociableChoice"),
                identifier=f"R{p['id']}",
                matchMax=str(len(lefts)),
            )
            node.text = p["right"]  # typed-in sides are plain in the bank
        _mapped_processing(item)
    elif qtype in (QuestionType.SHORT, QuestionType.NUMERICAL):
        SubElement(
            item,
            _q("responseDeclaration"),
            identifier="RESPONSE",
            cardinality="single",
            baseType="float" if qtype == QuestionType.NUMERICAL else "string",
        )
        _outcomes(item)
        body = SubElement(item, _q("itemBody"))
        put(SubElement(body, _q("div")), version.text)
        SubElement(
            SubElement(body, _q("p")),
            _q("textEntryInteraction"),
            responseIdentifier="RESPONSE",
            expectedLength="20",
        )
        _answer_processing(item, qtype, payload)
        if qtype == QuestionType.NUMERICAL and payload.get("units"):
            _units_out(item, payload)
        answers = short_answers(payload) if qtype == QuestionType.SHORT else payload["answers"]
        for index, answer in enumerate(answers):
            if answer.get("feedback"):
                put(
                    SubElement(
                        item,
                        _q("modalFeedback"),
                        outcomeIdentifier="FEEDBACK",
                        identifier=f"A{index}",
                        showHide="show",
                    ),
                    answer["feedback"],
                )
    elif qtype == QuestionType.ESSAY:
        SubElement(
            item,
            _q("responseDeclaration"),
            identifier="RESPONSE",
            cardinality="single",
            baseType="string",
        )
        _outcomes(item, feedback=True)
        body = SubElement(item, _q("itemBody"))
        put(SubElement(body, _q("div")), version.text)
        SubElement(body, _q("extendedTextInteraction"), responseIdentifier="RESPONSE")
    else:
        _outcomes(item, feedback=True)
        body = SubElement(item, _q("itemBody"))
        put(SubElement(body, _q("div")), version.text)
    if tf == TextFormat.PLAIN:
        body.set("class", _PLAIN)
    combined = payload.get("combined_feedback") or {}
    if any(combined.values()):
        _combined_processing(item)
    for key in ("correct", "partial", "incorrect"):
        if combined.get(key):
            put(
                SubElement(
                    item,
                    _q("modalFeedback"),
                    outcomeIdentifier="FEEDBACK",
                    identifier=key.upper(),
                    showHide="show",
                ),
                combined[key],
            )
    if version.general_feedback:
        # Shown whatever the answer: FEEDBACK never holds "GENERAL".
        put(
            SubElement(
                item,
                _q("modalFeedback"),
                outcomeIdentifier="FEEDBACK",
                identifier="GENERAL",
                showHide="hide",
            ),
            version.general_feedback,
        )
    _order_children(item)
    return item


_ITEM_ORDER = (
    "responseDeclaration",
    "outcomeDeclaration",
    "itemBody",
    "responseProcessing",
    "modalFeedback",
)


def _order_children(item: Element) -> None:
    """QTI's sequence: declarations, body, processing, then the modal feedbacks."""
    children = list(item)
    for child in children:
        item.remove(child)
    children.sort(key=lambda c: _ITEM_ORDER.index(c.tag.split("}", 1)[1]))
    item.extend(children)


def item_xml(question: Question, media: dict[str, bytes] | None = None) -> bytes:
    """One question as a QTI 2.1 assessmentItem document."""
    element = _item(question, {} if media is None else media)
    body = tostring(element, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode()


def export_qti(questions: list[Question]) -> bytes:
    """A QTI 2.1 content package (zip) of the questions' current versions."""
    manifest = Element(f"{{{CP}}}manifest", identifier="MANIFEST-academy-bank")
    metadata = SubElement(manifest, f"{{{CP}}}metadata")
    SubElement(metadata, f"{{{CP}}}schema").text = "QTIv2.1 Package"
    SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.0.0"
    SubElement(manifest, f"{{{CP}}}organizations")
    resources = SubElement(manifest, f"{{{CP}}}resources")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        all_media: dict[str, bytes] = {}
        for question in questions:
            if question.current_version is None:
                continue
            media: dict[str, bytes] = {}
            href = f"items/q{question.pk}.xml"
            package.writestr(href, item_xml(question, media))
            resource = SubElement(
                resources,
                f"{{{CP}}}resource",
                identifier=f"q{question.pk}",
                type=ITEM_TYPE,
                href=href,
            )
            SubElement(resource, f"{{{CP}}}file", href=href)
            for path in sorted(media):
                SubElement(resource, f"{{{CP}}}file", href=path)
            all_media.update(media)
        for path, content in sorted(all_media.items()):
            package.writestr(path, content)
        register_namespace("", CP)
        try:
            body = tostring(manifest, encoding="unicode")
        finally:
            register_namespace("", QTI)
        package.writestr(
            "imsmanifest.xml", '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
        )
    return buffer.getvalue()


# ------------------------------------------------------------------ import ----


def _children(element: Element, tag: str) -> list[Element]:
    return [c for c in element if c.tag == _q(tag)]


def _first(element: Element, tag: str) -> Element | None:
    return next(iter(element.iter(_q(tag))), None)


def _media_links(text: str, base: str, files: dict[str, bytes], found: dict[str, bytes]) -> str:
    """Package-relative links become @@PLUGINFILE@@ links with their files (bank.files_store)."""

    def replace(match: re.Match[str]) -> str:
        url = unquote(match.group(2))
        if "://" in url or url.startswith("/"):
            return match.group(0)
        parts: list[str] = []
        for part in (base.rsplit("/", 1)[0].split("/") if "/" in base else []) + url.split("/"):
            if part == "..":
                if parts:
                    parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        path = "/".join(parts)
        if path not in files:
            return match.group(0)
        # The file's own name: the bank stores it again under the same content hash.
        name = path.rsplit("/", 1)[-1]
        if found.get(name, files[path]) != files[path]:
            name = path.replace("/", "_")
        found[name] = files[path]
        return f'{match.group(1)}="@@PLUGINFILE@@/{quote(name)}"'

    return _MEDIA_LINK.sub(replace, text)


def _fraction(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError as exc:
        raise QtiError(_("a score is not a number")) from exc


def _parse_item(root: Element) -> QuestionData:
    if root.tag != _q("assessmentItem"):
        raise QtiError(_("not a QTI 2.1 assessmentItem"))
    body = root.find(_q("itemBody"))
    if body is None:
        raise QtiError(_("the item has no itemBody"))
    plain = body.get("class") == _PLAIN
    interactions = [
        e
        for e in body.iter()
        if isinstance(e.tag, str)
        and e.tag.endswith("Interaction")
        and e.tag.startswith(f"{{{QTI}}}")
    ]
    if len(interactions) > 1:
        raise QtiError(_("an item with more than one interaction is not supported"))
    interaction = interactions[0] if interactions else None
    kind = interaction.tag.split("}", 1)[1] if interaction is not None else ""
    skip = (kind, "p") if kind == "textEntryInteraction" else (kind,)
    # The question's text: our div, or everything in the body but the interaction.
    divs = _children(body, "div")
    if divs and divs[0] is body[0]:
        text = _text_of(divs[0], plain)
    else:
        text = _text_of(body, plain, skip=skip)
    feedbacks = {
        m.get("identifier", ""): _text_of(m, plain) for m in _children(root, "modalFeedback")
    }
    declaration = next(
        (d for d in _children(root, "responseDeclaration") if d.get("identifier") == "RESPONSE"),
        None,
    )
    mapping = {
        m.get("mapKey", ""): _fraction(m.get("mappedValue"))
        for m in (declaration.iter(_q("mapEntry")) if declaration is not None else [])
    }
    correct_node = declaration.find(_q("correctResponse")) if declaration is not None else None
    correct = {
        (v.text or "").strip()
        for v in (correct_node.iter(_q("value")) if correct_node is not None else [])
    }
    payload: dict[str, Any] = {}
    if kind == "choiceInteraction":
        choices = _children(interaction, "simpleChoice")
        single = interaction.get("maxChoices", "1") == "1"

        def score(identifier: str) -> float:
            if mapping:
                return mapping.get(identifier, 0.0)
            return 1.0 if identifier in correct else 0.0

        if interaction.get("class") == "academy-truefalse":
            by_id = {c.get("identifier"): c for c in choices}
            feedback = {k: _text_of(_first(c, "feedbackInline"), plain) for k, c in by_id.items()}
            qtype = QuestionType.TRUE_FALSE
            payload = {
                "answer": score("TRUE") > 0,
                "feedback_true": feedback.get("TRUE", ""),
                "feedback_false": feedback.get("FALSE", ""),
            }
        else:
            qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
            options = []
            for c in choices:
                options.append(
                    {
                        "text": _text_of(c, plain, skip=("feedbackInline",)),
                        "fraction": score(c.get("identifier", "")),
                        "feedback": _text_of(_first(c, "feedbackInline"), plain),
                    }
                )
            if not mapping and not single and correct:
                # A foreign item without a mapping: the mark shared by its correct choices.
                share = 1 / len(correct)
                for o, c in zip(options, choices, strict=True):
                    o["fraction"] = share if c.get("identifier") in correct else 0.0
            payload = {"options": options}
            if interaction.get("shuffle") == "false":
                payload["shuffle"] = False
    elif kind == "matchInteraction":
        sets = _children(interaction, "simpleMatchSet")
        if len(sets) != 2:
            raise QtiError(_("a match interaction needs two sets"))
        lefts = {
            c.get("identifier", ""): _text_of(c, plain)
            for c in _children(sets[0], "simpleAssociableChoice")
        }
        rights = [
            (c.get("identifier", ""), "".join(c.itertext()).strip())
            for c in _children(sets[1], "simpleAssociableChoice")
        ]
        keys = set(mapping) | correct
        pairs = []
        used = set()
        for right_id, right in rights:
            left_id = next((k.split()[0] for k in keys if k.split()[1:] == [right_id]), None)
            if left_id is not None and left_id in lefts and left_id not in used:
                used.add(left_id)
                pairs.append({"left": lefts[left_id], "right": right})
            else:
                pairs.append({"left": "", "right": right})
        if used != set(lefts):
            raise QtiError(_("a matching item needs a right side for every left side"))
        qtype = QuestionType.MATCHING
        payload = {"pairs": pairs}
        if interaction.get("shuffle") == "false":
            payload["shuffle"] = False
    elif kind == "textEntryInteraction":
        numerical = declaration is not None and declaration.get("baseType") in ("float", "integer")
        qtype = QuestionType.NUMERICAL if numerical else QuestionType.SHORT
        answers = _processed_answers(root, numerical, feedbacks)
        if not answers and mapping:
            answers = [
                {"text": k, "value": k, "tolerance": 0.0, "fraction": v, "feedback": ""}
                for k, v in mapping.items()
            ]
        if not answers and correct:
            answers = [
                {"text": k, "value": k, "tolerance": 0.0, "fraction": 1.0, "feedback": ""}
                for k in sorted(correct)
            ]
        if numerical:
            try:
                payload = {
                    "answers": [
                        {
                            "value": a["value"] if a["value"] == "*" else float(a["value"]),
                            "tolerance": float(a["tolerance"]),
                            "fraction": a["fraction"],
                            "feedback": a["feedback"],
                        }
                        for a in answers
                    ]
                }
            except ValueError as exc:
                raise QtiError(_("a numerical answer is not a number")) from exc
            payload.update(_units_in(root))
        else:
            payload = {
                "answers": [
                    {"text": a["text"], "fraction": a["fraction"], "feedback": a["feedback"]}
                    for a in answers
                ],
                # stringMatch says it; a pattern of letters says it by "[Xx]" groups.
                "case_sensitive": any(a.get("case") for a in answers),
            }
    elif kind == "extendedTextInteraction":
        qtype = QuestionType.ESSAY
    elif kind == "":
        qtype = QuestionType.DESCRIPTION
    else:
        raise QtiError(_("the interaction %(kind)s is not supported") % {"kind": kind})
    combined = {
        key: feedbacks[key.upper()]
        for key in ("correct", "partial", "incorrect")
        if feedbacks.get(key.upper())
    }
    if combined and qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.MATCHING):
        payload["combined_feedback"] = combined
    # An untitled question is exported with its text's start as the title (as in XML).
    title = root.get("title", "")
    untitled = title == _default_title(text, TextFormat.PLAIN if plain else TextFormat.HTML)
    return QuestionData(
        qtype=qtype,
        text=text,
        payload=payload,
        name="" if untitled else title[:255],
        language=root.get(XML_LANG, "")[:2]
        if root.get(XML_LANG, "")[:2] in ("kk", "ru", "en")
        else "",
        category_path=root.get("label", ""),
        general_feedback=feedbacks.get("GENERAL", ""),
        text_format=TextFormat.PLAIN if plain else TextFormat.HTML,
    )


def _processed_answers(
    root: Element, numerical: bool, feedbacks: dict[str, str]
) -> list[dict[str, Any]]:
    """The answers of our responseProcessing chain, tried in order (see _answer_processing)."""
    processing = root.find(_q("responseProcessing"))
    condition = processing.find(_q("responseCondition")) if processing is not None else None
    if condition is None:
        return []
    answers = []
    for branch in condition:
        if branch.tag not in (_q("responseIf"), _q("responseElseIf")) or not len(branch):
            continue
        test = branch[0]
        tag = test.tag.split("}", 1)[1]
        answer: dict[str, Any] = {"tolerance": 0.0, "feedback": "", "case": False}
        base = test.find(_q("baseValue"))
        if tag == "equal" and base is not None:
            answer["value"] = (base.text or "").strip()
            answer["tolerance"] = _fraction((test.get("tolerance") or "0").split()[0])
        elif tag == "stringMatch" and base is not None:
            answer["text"] = base.text or ""
            answer["case"] = test.get("caseSensitive") == "true"
        elif tag == "patternMatch":
            answer["text"], insensitive = _unpattern(test.get("pattern", ""))
            answer["case"] = None if not insensitive else False
        elif tag == "not":
            answer["text"] = answer["value"] = "*"
        else:
            raise QtiError(_("a response rule is not supported"))
        answer.setdefault("value", answer.get("text", ""))
        answer.setdefault("text", answer.get("value", ""))
        answer["fraction"] = 0.0
        for setter in branch.iter(_q("setOutcomeValue")):
            value = setter.find(_q("baseValue"))
            if value is None:
                continue
            if setter.get("identifier") == "SCORE":
                answer["fraction"] = _fraction(value.text)
            elif setter.get("identifier") == "FEEDBACK":
                answer["feedback"] = feedbacks.get((value.text or "").strip(), "")
        answers.append(answer)
    return answers


def parse_qti(source: bytes) -> tuple[list[QuestionData], list[ImportProblem]]:
    """Read a QTI 2.1 package (zip) or one assessmentItem file.

    Items are numbered in the manifest's order; an item that cannot be read is refused
    with its number, file and reason, and the others are kept.
    """
    files: dict[str, bytes] = {}
    if source[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(source)) as package:
                infos = package.infolist()
                if sum(i.file_size for i in infos) > 200 * 1024 * 1024 or len(infos) > 20000:
                    return [], [ImportProblem(0, _("the package is too large"), fatal=True)]
                for info in infos:
                    if info.file_size > 50 * 1024 * 1024:
                        return [], [ImportProblem(0, _("a file in the package is too large"), True)]
                    files[info.filename] = package.read(info)
        except zipfile.BadZipFile:
            return [], [ImportProblem(0, _("the file is not a QTI package (zip)"), fatal=True)]
        hrefs = _manifest_items(files)
        if hrefs is None:
            return [], [ImportProblem(0, _("the package has no imsmanifest.xml"), fatal=True)]
    else:
        files = {"item.xml": source}
        hrefs = ["item.xml"]
    items: list[QuestionData] = []
    problems: list[ImportProblem] = []
    for number, href in enumerate(hrefs, start=1):
        try:
            if href not in files:
                raise QtiError(_("the file is missing from the package"))
            try:
                root = fromstring(files[href], forbid_dtd=True)
            except (ParseError, DefusedXmlException) as exc:
                raise QtiError(_("not well-formed XML: %(error)s") % {"error": exc}) from exc
            data = _parse_item(root)
            found: dict[str, bytes] = {}
            if data.text_format == TextFormat.HTML:
                data = _with_media(data, href, files, found)
            data.files = found
            data.line = number
            items.append(data)
        except QtiError as exc:
            problems.append(
                ImportProblem(number, _("%(file)s: %(reason)s") % {"file": href, "reason": exc})
            )
    return items, problems


def _with_media(
    data: QuestionData, href: str, files: dict[str, bytes], found: dict[str, bytes]
) -> QuestionData:
    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return _media_links(value, href, files, found)
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value

    data.text = fix(data.text)
    data.general_feedback = fix(data.general_feedback)
    data.payload = fix(data.payload)
    return data


def _manifest_items(files: dict[str, bytes]) -> list[str] | None:
    raw = files.get("imsmanifest.xml")
    if raw is None:
        return None
    try:
        manifest = fromstring(raw, forbid_dtd=True)
    except (ParseError, DefusedXmlException):
        return None
    hrefs = []
    for resource in manifest.iter():
        if not isinstance(resource.tag, str) or not resource.tag.endswith("resource"):
            continue
        if resource.get("type", "").startswith("imsqti_item_xmlv2p"):
            hrefs.append(resource.get("href", ""))
    return hrefs
