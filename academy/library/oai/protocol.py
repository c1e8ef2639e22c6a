"""The OAI-PMH 2.0 data provider of the catalogue: the six verbs answered as XML.

- Identifiers are `oai:<LIBRARY_OAI_IDENTIFIER_DOMAIN>:record/<pk>`; datestamps are the
  records' `updated_at` in UTC to the second.
- Formats: `oai_dc` (academy.library.dublin_core, the LC crosswalk) and `marc21` (alias
  `marcxml`): the stored MARC record with its current holdings, as the export gives it.
- Sets: `type`, `type:<kind>`, `lang`, `lang:<code>`.
- Deleted records are persistent tombstones (models.DeletedRecord), merged with the
  records in one list ordered by record number, so paging never skips or repeats.
- Resumption tokens are signed and carry the whole request (format, set, from, until),
  the last number sent, the cursor and the list's size: no state is kept on the server.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pymarc
from django.conf import settings
from django.core import signing
from django.db.models import Min, Q
from lxml import etree

from academy.library.dublin_core import ELEMENTS, marc_to_dublin_core
from academy.library.models import Record
from academy.library.services.marc import record_to_marc

from . import sets
from .models import DeletedRecord

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MARC_NS = "http://www.loc.gov/MARC21/slim"
MARC_SCHEMA = "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd"

FORMATS: dict[str, tuple[str, str]] = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
    "marc21": (MARC_SCHEMA, MARC_NS),
    "marcxml": (MARC_SCHEMA, MARC_NS),
}
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
TOKEN_SALT = "library.oai.resumption"


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _q(tag: str, ns: str = OAI_NS) -> str:
    return f"{{{ns}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> Any:
    element = etree.SubElement(parent, _q(tag), {k: v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def identifier_for(pk: int) -> str:
    return f"oai:{settings.LIBRARY_OAI_IDENTIFIER_DOMAIN}:record/{pk}"


def pk_from_identifier(identifier: str) -> int:
    prefix = f"oai:{settings.LIBRARY_OAI_IDENTIFIER_DOMAIN}:record/"
    number = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    if not number.isdigit() or len(number) > 18:
        raise OaiError("idDoesNotExist", f"No item has the identifier {identifier!r}.")
    return int(number)


def _parse_date(value: str, *, until: bool) -> tuple[datetime, str]:
    """A from/until argument as a UTC moment (an `until` day means its end) and its granularity."""
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return (day + timedelta(days=1) - timedelta(microseconds=1) if until else day), "day"
        if len(value) == 20 and value.endswith("Z"):
            moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            return (moment.replace(microsecond=999999) if until else moment), "second"
    except ValueError:
        pass
    raise OaiError(
        "badArgument", f"{value!r} is not a date of the form YYYY-MM-DD or {GRANULARITY}."
    )


@dataclass
class ListRequest:
    prefix: str
    set_spec: str = ""
    date_from: str = ""
    date_until: str = ""
    after: int = 0  # the last record number sent
    cursor: int = 0
    size: int = -1  # completeListSize, counted on the first page

    def token(self) -> str:
        return signing.dumps(
            [self.prefix, self.set_spec, self.date_from, self.date_until, self.after,
             self.cursor, self.size],
            salt=TOKEN_SALT,
            compress=True,
        )  # fmt: skip

    @classmethod
    def from_token(cls, token: str) -> "ListRequest":
        try:
            values = signing.loads(token, salt=TOKEN_SALT)
            return cls(*values)
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise OaiError("badResumptionToken", "The resumption token is invalid.") from exc


def _check_arguments(args: Mapping[str, Sequence[str]]) -> str:
    verbs = args.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
    verb = verbs[0]
    required, optional = VERBS[verb]
    given = set(args) - {"verb"}
    for name in given:
        if len(args[name]) != 1:
            raise OaiError("badArgument", f"The argument {name} is repeated.")
    if "resumptionToken" in given:
        if "resumptionToken" not in optional:
            raise OaiError("badArgument", f"{verb} takes no resumptionToken.")
        if given != {"resumptionToken"}:
            raise OaiError("badArgument", "A resumptionToken is an exclusive argument.")
        return verb
    if unknown := given - required - optional:
        raise OaiError("badArgument", f"Illegal arguments: {', '.join(sorted(unknown))}.")
    if missing := required - given:
        raise OaiError("badArgument", f"Missing arguments: {', '.join(sorted(missing))}.")
    return verb


class Provider:
    """One OAI-PMH request: `respond(args)` gives the XML bytes of the answer."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.page_size = max(1, int(getattr(settings, "LIBRARY_OAI_PAGE_SIZE", 100)))

    def respond(self, args: Mapping[str, Sequence[str]], *, now: datetime | None = None) -> bytes:
        root = etree.Element(_q("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
        root.set(
            _q("schemaLocation", XSI_NS),
            f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
        )
        _sub(root, "responseDate", stamp(now or datetime.now(UTC)))
        request = _sub(root, "request", self.base_url)
        try:
            verb = _check_arguments(args)
        except OaiError as error:
            # badVerb and badArgument: the request element carries no attributes.
            _sub(root, "error", error.message, code=error.code)
            return self._bytes(root)
        for name, values in args.items():
            request.set(name, values[0])
        single = {name: values[0] for name, values in args.items()}
        try:
            getattr(self, f"_{verb}")(root, single)
        except OaiError as error:
            for child in list(root)[2:]:
                root.remove(child)
            if error.code in {"badVerb", "badArgument"}:
                request.attrib.clear()  # the arguments were not understood: none are echoed
            _sub(root, "error", error.message, code=error.code)
        return self._bytes(root)

    @staticmethod
    def _bytes(root: etree._Element) -> bytes:
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    # ------------------------------------------------------------------ verbs

    def _Identify(self, root: etree._Element, args: dict[str, str]) -> None:
        node = _sub(root, "Identify")
        _sub(node, "repositoryName", settings.LIBRARY_OAI_REPOSITORY_NAME)
        _sub(node, "baseURL", self.base_url)
        _sub(node, "protocolVersion", "2.0")
        _sub(node, "adminEmail", settings.LIBRARY_OAI_ADMIN_EMAIL)
        earliest = [
            value
            for value in (
                Record.objects.aggregate(m=Min("updated_at"))["m"],
                DeletedRecord.objects.aggregate(m=Min("deleted_at"))["m"],
            )
            if value is not None
        ]
        first = min(earliest) if earliest else datetime(2000, 1, 1, tzinfo=UTC)
        _sub(node, "earliestDatestamp", stamp(first))
        _sub(node, "deletedRecord", "persistent")
        _sub(node, "granularity", GRANULARITY)

    def _ListMetadataFormats(self, root: etree._Element, args: dict[str, str]) -> None:
        if "identifier" in args:
            pk = pk_from_identifier(args["identifier"])
            if not (
                Record.objects.filter(pk=pk).exists()
                or DeletedRecord.objects.filter(record_pk=pk).exists()
            ):
                raise OaiError(
                    "idDoesNotExist", f"No item has the identifier {args['identifier']!r}."
                )
        node = _sub(root, "ListMetadataFormats")
        for prefix, (schema, namespace) in FORMATS.items():
            item = _sub(node, "metadataFormat")
            _sub(item, "metadataPrefix", prefix)
            _sub(item, "schema", schema)
            _sub(item, "metadataNamespace", namespace)

    def _ListSets(self, root: etree._Element, args: dict[str, str]) -> None:
        if "resumptionToken" in args:
            # Every set fits on one page: no token is ever given out for ListSets.
            raise OaiError("badResumptionToken", "The resumption token is invalid.")
        node = _sub(root, "ListSets")
        for spec, name in sets.all_sets():
            item = _sub(node, "set")
            _sub(item, "setSpec", spec)
            _sub(item, "setName", name)

    def _GetRecord(self, root: etree._Element, args: dict[str, str]) -> None:
        prefix = self._format(args["metadataPrefix"])
        pk = pk_from_identifier(args["identifier"])
        record = Record.objects.filter(pk=pk).prefetch_related("copies").first()
        node = _sub(root, "GetRecord")
        if record is not None:
            self._record(node, record, prefix)
            return
        tombstone = DeletedRecord.objects.filter(record_pk=pk).first()
        if tombstone is None:
            raise OaiError("idDoesNotExist", f"No item has the identifier {args['identifier']!r}.")
        self._tombstone(_sub(node, "record"), tombstone)

    def _ListIdentifiers(self, root: etree._Element, args: dict[str, str]) -> None:
        self._list(root, args, headers_only=True)

    def _ListRecords(self, root: etree._Element, args: dict[str, str]) -> None:
        self._list(root, args, headers_only=False)

    # ------------------------------------------------------------------ lists

    @staticmethod
    def _format(prefix: str) -> str:
        if prefix not in FORMATS:
            raise OaiError("cannotDisseminateFormat", f"The format {prefix!r} is not offered.")
        return prefix

    def _list_request(self, args: dict[str, str]) -> ListRequest:
        if "resumptionToken" in args:
            return ListRequest.from_token(args["resumptionToken"])
        request = ListRequest(
            prefix=self._format(args["metadataPrefix"]),
            set_spec=args.get("set", ""),
            date_from=args.get("from", ""),
            date_until=args.get("until", ""),
        )
        granularity = set()
        for value, until in ((request.date_from, False), (request.date_until, True)):
            if value:
                granularity.add(_parse_date(value, until=until)[1])
        if len(granularity) > 1:
            raise OaiError("badArgument", "from and until must have the same granularity.")
        if request.set_spec and not sets.known(request.set_spec):
            raise OaiError("noRecordsMatch", f"No set {request.set_spec!r}: no records match.")
        return request

    def _filters(self, request: ListRequest) -> tuple[Q, Q]:
        records, tombstones = Q(), Q()
        if request.set_spec:
            records &= sets.record_filter(request.set_spec)
            tombstones &= sets.record_filter(request.set_spec)
        if request.date_from:
            moment = _parse_date(request.date_from, until=False)[0]
            records &= Q(updated_at__gte=moment)
            tombstones &= Q(deleted_at__gte=moment)
        if request.date_until:
            moment = _parse_date(request.date_until, until=True)[0]
            records &= Q(updated_at__lte=moment)
            tombstones &= Q(deleted_at__lte=moment)
        return records, tombstones

    def _list(self, root: etree._Element, args: dict[str, str], *, headers_only: bool) -> None:
        request = self._list_request(args)
        record_q, tombstone_q = self._filters(request)
        live = Record.objects.filter(record_q)
        gone = DeletedRecord.objects.filter(tombstone_q)
        if request.size < 0:
            request.size = live.count() + gone.count()
        page = self.page_size
        found = list(live.filter(pk__gt=request.after).order_by("pk")[: page + 1])
        if not headers_only and found:
            found = list(
                Record.objects.filter(pk__in=[r.pk for r in found])
                .prefetch_related("copies")
                .order_by("pk")
            )
        dead = list(gone.filter(record_pk__gt=request.after).order_by("record_pk")[: page + 1])
        items: list[tuple[int, Any]] = sorted(
            [(r.pk, r) for r in found] + [(t.record_pk, t) for t in dead], key=lambda item: item[0]
        )
        if not items:
            raise OaiError("noRecordsMatch", "No records match the request.")
        more = len(items) > page
        items = items[:page]
        node = _sub(root, "ListIdentifiers" if headers_only else "ListRecords")
        for _pk, item in items:
            if isinstance(item, DeletedRecord):
                target = node if headers_only else _sub(node, "record")
                self._tombstone(target, item)
            elif headers_only:
                self._header(node, item)
            else:
                self._record(node, item, request.prefix)
        sent = request.cursor + len(items)
        if more or "resumptionToken" in args:
            attrs = {"cursor": str(request.cursor)}
            if request.size > 0:
                attrs["completeListSize"] = str(request.size)
            if more:
                following = ListRequest(
                    request.prefix, request.set_spec, request.date_from, request.date_until,
                    items[-1][0], sent, request.size,
                )  # fmt: skip
                _sub(node, "resumptionToken", following.token(), **attrs)
            else:
                _sub(node, "resumptionToken", "", **attrs)  # the last page: an empty token

    # ------------------------------------------------------------------ items

    def _header(self, parent: etree._Element, record: Record) -> None:
        header = _sub(parent, "header")
        _sub(header, "identifier", identifier_for(record.pk))
        _sub(header, "datestamp", stamp(record.updated_at))
        for spec in sets.record_set_specs(record.kind, record.language):
            _sub(header, "setSpec", spec)

    def _tombstone(self, parent: etree._Element, tombstone: DeletedRecord) -> None:
        header = _sub(parent, "header", status="deleted")
        _sub(header, "identifier", identifier_for(tombstone.record_pk))
        _sub(header, "datestamp", stamp(tombstone.deleted_at))
        if tombstone.kind and tombstone.language:
            for spec in sets.record_set_specs(tombstone.kind, tombstone.language):
                _sub(header, "setSpec", spec)

    def _record(self, parent: etree._Element, record: Record, prefix: str) -> None:
        node = _sub(parent, "record")
        self._header(node, record)
        metadata = _sub(node, "metadata")
        marc = record_to_marc(record)
        if prefix == "oai_dc":
            metadata.append(dublin_core_element(marc))
        else:
            metadata.append(marcxml_element(marc))


_XML_BAD = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _clean(text: str) -> str:
    # Control characters are not allowed in XML 1.0; a MARC record may carry them.
    return text.translate(_XML_BAD)


def dublin_core_element(marc: pymarc.Record) -> etree._Element:
    """oai_dc:dc of a MARC record: academy.library.dublin_core, in the order of DC elements."""
    dc = marc_to_dublin_core(marc)
    root = etree.Element(
        _q("dc", OAI_DC_NS), nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    )
    root.set(
        _q("schemaLocation", XSI_NS),
        f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    )
    for element in ELEMENTS:
        for value in dc.get(element, []):
            etree.SubElement(root, _q(element, DC_NS)).text = _clean(value)
    return root


def marcxml_element(marc: pymarc.Record) -> etree._Element:
    """marc:record of a MARC record (MARCXML slim)."""
    root = etree.Element(_q("record", MARC_NS), nsmap={"marc": MARC_NS, "xsi": XSI_NS})
    root.set(_q("schemaLocation", XSI_NS), f"{MARC_NS} {MARC_SCHEMA}")
    etree.SubElement(root, _q("leader", MARC_NS)).text = _clean(str(marc.leader))
    for field in marc.get_fields():
        if field.is_control_field():
            control = etree.SubElement(root, _q("controlfield", MARC_NS), tag=field.tag)
            control.text = _clean(field.data or "")
            continue
        data = etree.SubElement(
            root,
            _q("datafield", MARC_NS),
            tag=field.tag,
            ind1=(field.indicator1 or " ")[:1],
            ind2=(field.indicator2 or " ")[:1],
        )
        for sub in field.subfields:
            node = etree.SubElement(data, _q("subfield", MARC_NS), code=sub.code)
            node.text = _clean(sub.value or "")
    return root
