"""The OPAC as Koha's readers know it: facets, chips, sort, search by field, holdings (IS-12)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from academy.library.edocs.models import Document
from academy.library.models import Copy
from academy.library.selectors import records_holdings, records_search, search_facets
from academy.library.testing import CopyFactory, RecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


@pytest.fixture
def shelf(db):
    return {
        "ethics": RecordFactory(
            title="Судебная этика",
            authors="Ким, Ю. А.; Омаров, Б. С.",
            subjects="судьи; этика",
            publisher="Норма",
            year=2019,
        ),
        "procedure": RecordFactory(
            title="Гражданский процесс",
            authors="Омаров, Б. С.",
            subjects="судьи; гражданский процесс",
            publisher="Жеті жарғы",
            year=2023,
        ),
        "criminal": RecordFactory(
            title="Уголовный процесс для судей",
            authors="Ким, Ю. А.",
            subjects="уголовный процесс",
            publisher="Юрист",
            year=2001,
            isbn="9786010000017",
        ),
    }


def _facet(facets, name):
    return {facet.value: facet.count for facet in facets[name]}


def test_facets_count_authors_and_subjects_of_the_found_records(shelf):
    facets = search_facets(records_search(q="процесс"))
    assert _facet(facets, "author") == {"Ким, Ю. А.": 1, "Омаров, Б. С.": 1}
    assert _facet(facets, "subject") == {
        "гражданский процесс": 1,
        "судьи": 1,
        "уголовный процесс": 1,
    }
    everything = search_facets(records_search())
    assert _facet(everything, "author") == {"Ким, Ю. А.": 2, "Омаров, Б. С.": 2}
    assert _facet(everything, "subject")["судьи"] == 2


def test_a_facet_narrows_the_search_and_facets_combine(shelf):
    assert set(records_search(author="Омаров, Б. С.")) == {shelf["ethics"], shelf["procedure"]}
    assert list(records_search(author="Омаров, Б. С.", subject="этика")) == [shelf["ethics"]]
    # One name of the list, never a part of another name.
    assert list(records_search(subject="процесс")) == []


def test_facet_links_narrow_and_chips_remove_the_narrowing(client, shelf):
    url = reverse("library:search")
    page = client.get(url, {"q": "процесс"}).content.decode()
    assert "author=%D0%9A%D0%B8%D0%BC" in page  # the link of the facet "Ким, Ю. А."
    narrowed = client.get(url, {"q": "процесс", "author": "Ким, Ю. А.", "year_from": "2001",
                                "year_to": "2001"})  # fmt: skip
    assert list(narrowed.context["page"]) == [shelf["criminal"]]
    chips = dict(narrowed.context["chips"])
    assert set(chips) == {"Author: Ким, Ю. А.", "Year: 2001"}
    assert "author" not in chips["Author: Ким, Ю. А."] and "q=" in chips["Author: Ким, Ю. А."]
    assert "year_from" not in chips["Year: 2001"] and "author=" in chips["Year: 2001"]
    assert 'data-testid="chips"' in narrowed.content.decode()


def test_sort_by_year_either_way_and_by_title(shelf):
    assert list(records_search(sort="year_desc")) == [
        shelf["procedure"],
        shelf["ethics"],
        shelf["criminal"],
    ]
    assert list(records_search(sort="year_asc")) == [
        shelf["criminal"],
        shelf["ethics"],
        shelf["procedure"],
    ]
    assert list(records_search(sort="title")) == [
        shelf["procedure"],
        shelf["ethics"],
        shelf["criminal"],
    ]


def test_a_record_without_a_year_sorts_last_either_way(shelf):
    undated = RecordFactory(title="Без даты", year=None)
    assert list(records_search(sort="year_desc"))[-1] == undated
    assert list(records_search(sort="year_asc"))[-1] == undated


def test_sort_links_keep_the_search(client, shelf):
    response = client.get(reverse("library:search"), {"q": "процесс", "sort": "year_asc"})
    assert list(response.context["page"]) == [shelf["criminal"], shelf["procedure"]]
    sorts = {value: (link, current) for value, _label, link, current in response.context["sorts"]}
    assert sorts["year_asc"][1] is True
    assert "q=" in sorts["title"][0] and "sort=title" in sorts["title"][0]
    assert "sort=" not in sorts[""][0]


def test_search_by_field_title_author_subject_publisher(shelf):
    # "судей" is in a title and in no author; "Ким" is an author and in no title.
    assert list(records_search(q="судей", field="title")) == [shelf["criminal"]]
    assert list(records_search(q="Ким", field="title")) == []
    assert set(records_search(q="Ким", field="author")) == {shelf["ethics"], shelf["criminal"]}
    assert list(records_search(q="этика", field="subject")) == [shelf["ethics"]]
    assert list(records_search(q="Норма", field="publisher")) == [shelf["ethics"]]


def test_a_field_prefix_in_the_box_searches_that_field(shelf):
    assert set(records_search(q="author: Омаров")) == {shelf["ethics"], shelf["procedure"]}
    assert list(records_search(q="title:гражданский")) == [shelf["procedure"]]


def test_search_by_isbn_finds_the_number_in_any_form_or_its_part(shelf):
    RecordFactory(title="Другая книга", isbn="9780000000002")
    assert list(records_search(q="601000001", field="isbn")) == [shelf["criminal"]]
    assert list(records_search(q="12345", field="isbn")) == []


def test_the_search_form_offers_the_fields_and_the_sorts(client, shelf):
    html = client.get(reverse("library:search")).content.decode()
    for label in ("Any field", "Title", "Author", "Subject", "ISBN or ISSN", "Publisher"):
        assert f">{label}</option>" in html
    for label in ("Relevance", "Year, newest first", "Year, oldest first", "Title A–Z"):
        assert f">{label}</option>" in html


def test_the_result_list_shows_what_can_be_had_now(client, shelf):
    for status in (Copy.Status.AVAILABLE, Copy.Status.AVAILABLE, Copy.Status.ON_LOAN):
        CopyFactory(record=shelf["ethics"], status=status)
    CopyFactory(record=shelf["ethics"], status=Copy.Status.WITHDRAWN)  # not counted
    CopyFactory(record=shelf["procedure"], status=Copy.Status.REFERENCE)
    Document.objects.create(
        record=shelf["criminal"], file="library/edocs/x.pdf", filename="x.pdf", format="pdf"
    )
    held = records_holdings(list(shelf.values()))
    assert (held[shelf["ethics"].pk].available, held[shelf["ethics"].pk].copies) == (2, 3)
    html = client.get(reverse("library:search")).content.decode()
    assert "2 of 3 copies available" in html
    assert "Reading room only" in html
    assert "Electronic document" in html


def test_the_result_page_runs_the_same_queries_for_few_and_many_records(client, db):
    url = reverse("library:search")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": "практикасы"}).status_code == 200
        return len(captured)

    for _ in range(3):
        CopyFactory(record=RecordFactory(subjects="сот; құқық"))
    few = queries()
    for _ in range(15):
        CopyFactory(record=RecordFactory(subjects="сот; құқық"))
    assert queries() == few


def test_the_website_menu_leads_to_the_catalogue_in_each_language(client, db):
    html = client.get("/ru/site/").content.decode()
    assert 'href="/ru/library/"' in html and "Электронный каталог" in html
    html = client.get("/kk/site/").content.decode()
    assert 'href="/kk/library/"' in html and "Электрондық каталог" in html
