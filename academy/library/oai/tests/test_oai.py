from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from academy.library.models import Record
from academy.library.oai.models import DeletedRecord
from academy.library.oai.protocol import DC_NS, MARC_NS, OAI_NS, identifier_for
from academy.library.testing import CopyFactory, RecordFactory

DATA = Path(__file__).parent / "data"
NS = {"o": OAI_NS, "dc": DC_NS, "marc": MARC_NS}


@pytest.fixture(scope="module")
def schema():
    # The metadata inside records is checked by the tests below (no schema of its own here).
    text = (DATA / "OAI-PMH.xsd").read_bytes().replace(b'"strict"', b'"lax"')
    return etree.XMLSchema(etree.fromstring(text))


@pytest.fixture
def oai(client, schema):
    def get(**params):
        response = client.get(reverse("oai:endpoint"), params)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        tree = etree.fromstring(response.content)
        schema.assertValid(tree)
        return tree

    return get


def _error(tree) -> str:
    errors = tree.findall("o:error", NS)
    return errors[0].get("code") if errors else ""


@pytest.fixture
def catalogue(db):
    records = [
        RecordFactory(title=f"Сот практикасы {n}", language="kk" if n % 2 else "ru")
        for n in range(5)
    ]
    CopyFactory(record=records[0], barcode="OAI0001")
    return records


def test_identify_says_deleted_records_are_persistent(oai, catalogue):
    tree = oai(verb="Identify")
    assert tree.findtext("o:Identify/o:deletedRecord", namespaces=NS) == "persistent"
    assert tree.findtext("o:Identify/o:protocolVersion", namespaces=NS) == "2.0"
    assert tree.findtext("o:Identify/o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert tree.findtext("o:Identify/o:baseURL", namespaces=NS).endswith("/oai/")


def test_list_metadata_formats_offers_dublin_core_and_marc(oai, catalogue):
    tree = oai(verb="ListMetadataFormats", identifier=identifier_for(catalogue[0].pk))
    prefixes = [e.text for e in tree.iterfind(".//o:metadataPrefix", NS)]
    assert {"oai_dc", "marc21"} <= set(prefixes)


def test_list_sets_by_type_and_language(oai, catalogue):
    specs = [e.text for e in oai(verb="ListSets").iterfind(".//o:setSpec", NS)]
    assert {"type", "type:book", "lang", "lang:kk", "lang:und"} <= set(specs)


def test_get_record_in_dublin_core_uses_the_crosswalk(oai, catalogue):
    record = catalogue[0]
    tree = oai(verb="GetRecord", identifier=identifier_for(record.pk), metadataPrefix="oai_dc")
    assert tree.findtext(".//o:header/o:identifier", namespaces=NS) == identifier_for(record.pk)
    assert tree.findtext(".//dc:title", namespaces=NS).startswith(record.title)
    assert {e.text for e in tree.iterfind(".//o:header/o:setSpec", NS)} == {"type:book", "lang:ru"}


def test_get_record_in_marc21_is_the_stored_record_with_holdings(oai, catalogue):
    record = Record.objects.get(pk=catalogue[0].pk)
    tree = oai(verb="GetRecord", identifier=identifier_for(record.pk), metadataPrefix="marc21")
    marc = tree.find(".//marc:record", NS)
    titles = marc.xpath("marc:datafield[@tag='245']/marc:subfield[@code='a']/text()", namespaces=NS)
    assert titles and titles[0].startswith(record.title)
    barcodes = marc.xpath(
        "marc:datafield[@tag='952']/marc:subfield[@code='p']/text()", namespaces=NS
    )
    assert barcodes == ["OAI0001"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-01"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01",
             "until": "2030-01-01T00:00:00Z"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "mods"}, "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x:1"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "lang:fr"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "resumptionToken": "forged"}, "badResumptionToken"),
    ],
)  # fmt: skip
def test_it_answers_bad_requests_with_the_oai_error_codes(oai, catalogue, params, code):
    tree = oai(**params)
    assert _error(tree) == code
    if code in {"badVerb", "badArgument"}:
        assert dict(tree.find("o:request", NS).attrib) == {}


def test_repeated_arguments_are_bad(client, catalogue, schema):
    response = client.get("/oai/?verb=Identify&verb=Identify")
    assert _error(etree.fromstring(response.content)) == "badVerb"


def test_post_is_answered_like_get(client, catalogue, schema):
    response = client.post(reverse("oai:endpoint"), {"verb": "Identify"})
    tree = etree.fromstring(response.content)
    schema.assertValid(tree)
    assert tree.find("o:Identify", NS) is not None


def test_resumption_tokens_page_through_everything_once(oai, catalogue, settings):
    settings.LIBRARY_OAI_PAGE_SIZE = 2
    seen, params, sizes = [], {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, set()
    while True:
        tree = oai(**params)
        seen += [e.text for e in tree.iterfind(".//o:header/o:identifier", NS)]
        token = tree.find(".//o:resumptionToken", NS)
        if token is None or not token.text:
            break
        sizes.add(token.get("completeListSize"))
        params = {"verb": "ListIdentifiers", "resumptionToken": token.text}
    assert seen == [identifier_for(r.pk) for r in sorted(catalogue, key=lambda r: r.pk)]
    assert sizes == {"5"}
    assert token.get("cursor") == "4" and token.text is None  # the last page's empty token


def test_from_and_until_select_by_datestamp(oai, catalogue):
    old = catalogue[1]
    Record.objects.filter(pk=old.pk).update(updated_at=datetime(2020, 5, 1, 12, tzinfo=UTC))
    tree = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", until="2020-05-01")
    assert [e.text for e in tree.iterfind(".//o:identifier", NS)] == [identifier_for(old.pk)]
    tree = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2020-05-01T12:00:01Z"})
    assert identifier_for(old.pk) not in [e.text for e in tree.iterfind(".//o:identifier", NS)]


def test_a_set_selects_its_records(oai, catalogue):
    tree = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="lang:kk")
    expected = {identifier_for(r.pk) for r in catalogue if r.language == "kk"}
    assert {e.text for e in tree.iterfind(".//o:identifier", NS)} == expected


# ---------------------------------------------------------------- tombstones ----


@pytest.mark.clause("IS-12")
def test_a_deleted_record_leaves_a_persistent_tombstone(oai, catalogue):
    gone = catalogue[2]
    identifier = identifier_for(gone.pk)
    Record.objects.filter(pk=gone.pk).delete()
    assert DeletedRecord.objects.filter(record_pk=gone.pk).exists()

    tree = oai(verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    header = tree.find(".//o:header", NS)
    assert header.get("status") == "deleted"
    assert tree.find(".//o:metadata", NS) is None

    listed = oai(verb="ListRecords", metadataPrefix="marc21")
    headers = {
        h.findtext("o:identifier", namespaces=NS): h for h in listed.iterfind(".//o:header", NS)
    }
    assert headers[identifier].get("status") == "deleted"
    assert len(headers) == 5  # four records and the tombstone
    lang_set = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set=f"lang:{gone.language}")
    assert identifier in [e.text for e in lang_set.iterfind(".//o:identifier", NS)]


def test_a_harvest_from_after_the_deletion_sees_only_the_tombstone(oai, catalogue):
    Record.objects.filter(pk__in=[r.pk for r in catalogue]).update(
        updated_at=datetime(2021, 1, 1, tzinfo=UTC)
    )
    gone = catalogue[0].pk
    catalogue[0].delete()
    since = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    tree = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": since})
    headers = tree.findall(".//o:header", NS)
    assert [(h.get("status"), h.findtext("o:identifier", namespaces=NS)) for h in headers] == [
        ("deleted", identifier_for(gone))
    ]


# ---------------------------------------------------------------- a real harvester ----


@pytest.mark.clause("IS-12")
@pytest.mark.django_db(transaction=True)
def test_a_standard_harvester_collects_the_whole_catalogue(live_server, settings):
    from oaipmh_scythe import Scythe

    settings.LIBRARY_OAI_PAGE_SIZE = 7
    records = [RecordFactory(title=f"Harvested {n}") for n in range(30)]
    gone = records[3].pk
    records[3].delete()
    with Scythe(f"{live_server.url}/oai/") as scythe:
        identify = scythe.identify()
        assert identify.deletedRecord == "persistent"
        harvested = list(scythe.list_records(metadata_prefix="oai_dc", ignore_deleted=False))
        headers = list(scythe.list_identifiers(metadata_prefix="marc21", ignore_deleted=False))
    identifiers = [item.header.identifier for item in harvested]
    assert all(item.metadata for item in harvested if not item.header.deleted)
    assert len(identifiers) == len(set(identifiers)) == 30
    deleted = [item.header.identifier for item in harvested if item.header.deleted]
    assert deleted == [identifier_for(gone)]
    titles = {item.metadata["title"][0] for item in harvested if not item.header.deleted}
    assert "Harvested 0" in titles
    assert len(headers) == 30
