"""OPAC search over the full-text database (IS-12 reader search, article card index)."""

import pytest
from django.db import connection

from academy.library.models import RecordKind
from academy.library.selectors import records_search
from academy.library.testing import RecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clause("IS-12")]


@pytest.fixture
def catalogue(db):
    return {
        "constitution": RecordFactory(
            title="Конституция Республики Казахстан", kind=RecordKind.CODE, year=1995
        ),
        "commentary": RecordFactory(
            title="Комментарий к Гражданскому кодексу",
            kind=RecordKind.COMMENTARY,
            subjects="гражданское право",
            abstract="Конституция имеет высшую юридическую силу.",
            full_text="Нормы Конституции применяются судами непосредственно.",
            year=2021,
        ),
        "kazakh": RecordFactory(
            title="Қылмыстық құқық",
            language="kk",
            full_text="Сот үкімі заңды болуы тиіс.",
            year=2019,
        ),
        "article": RecordFactory(
            title="Судебный контроль", kind=RecordKind.ARTICLE, authors="Ким, Ю. А.", year=2023
        ),
    }


def test_every_word_is_searched_in_title_authors_subjects_abstract_and_full_text(catalogue):
    assert set(records_search(q="конституция")) == {
        catalogue["constitution"],
        catalogue["commentary"],
    }
    assert list(records_search(q="гражданское право")) == [catalogue["commentary"]]
    assert list(records_search(q="үкімі")) == [catalogue["kazakh"]]
    assert list(records_search(q="Ким")) == [catalogue["article"]]
    assert list(records_search(q="нет такого слова")) == []


def test_filters_by_year_language_and_type(catalogue):
    assert list(records_search(year_from=2020, year_to=2022)) == [catalogue["commentary"]]
    assert list(records_search(language="kk")) == [catalogue["kazakh"]]
    assert list(records_search(kind=RecordKind.ARTICLE)) == [catalogue["article"]]
    assert list(records_search(q="конституция", kind=RecordKind.CODE)) == [
        catalogue["constitution"]
    ]


def test_punctuation_in_a_query_is_harmless(catalogue):
    assert list(records_search(q="'); DROP TABLE --  & | ! :*")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_ranks_title_matches_first(catalogue):
    found = list(records_search(q="конституция"))
    assert found == [catalogue["constitution"], catalogue["commentary"]]
    assert found[0].rank > found[1].rank


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_stems_by_the_record_language_and_keeps_prefixes(catalogue):
    assert list(records_search(q="конститу")) != []
    assert list(records_search(q="конституции")) == [
        catalogue["constitution"],
        catalogue["commentary"],
    ]
    assert list(records_search(q="кодексы")) == [catalogue["commentary"]]
    # The icontains baseline of the benchmark finds the same records here.
    assert set(records_search(q="конституция", engine="icontains")) == set(
        records_search(q="конституция")
    )


# ---------------------------------------------------------------- issue 17 ----


@pytest.fixture
def numbered(librarian):
    from academy.library.services import record_create

    return {
        "book": record_create(
            data={"kind": "book", "title": "Programming Pearls", "isbn": "0-201-61622-X",
                  "language": "en"},
            by=librarian,
        ),
        "journal": record_create(
            data={"kind": "serial", "title": "Заң және заман", "issn": "1683-1306",
                  "language": "kk"},
            by=librarian,
        ),
    }  # fmt: skip


@pytest.mark.parametrize(
    "typed",
    ["9780201616224", "978-0-201-61622-4", "0-201-61622-X", "020161622x", "ISBN 020161622X"],
)
def test_the_search_box_finds_a_book_by_its_isbn_in_any_form(numbered, typed):
    assert list(records_search(q=typed)) == [numbered["book"]]


def test_the_search_box_finds_a_journal_by_its_issn(numbered):
    assert list(records_search(q="1683-1306")) == [numbered["journal"]]
    assert list(records_search(q="16831306")) == [numbered["journal"]]
    assert list(records_search(q="0-201-61622-3")) == []  # a wrong check digit is a word


def test_kazakh_letters_fold_onto_their_russian_look_alikes_both_ways(db):
    kazakh = RecordFactory(title="Қазақстан Республикасының Конституциясы", language="kk")
    russian = RecordFactory(title="История Казахстана", language="ru")
    assert set(records_search(q="Казахстан")) == {kazakh, russian}
    assert kazakh in set(records_search(q="ҚАЗАҚСТАН"))
    assert list(records_search(q="өнер үкім ғылым")) == []
    other = RecordFactory(title="Өнер, ғылым және үкім", language="kk")
    assert list(records_search(q="онер гылым уким")) == [other]


def test_diacritics_are_folded_and_imported_names_are_nfc(db):
    record = RecordFactory(title="Essays", authors="Sergei\u0306 Ivanovich")
    assert list(records_search(q="Sergeĭ")) == [record]
    assert list(records_search(q="sergei")) == [record]
    assert list(records_search(q="Café")) == []


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Қазақстан Республикасының Конституциясы", "Конституциясының"),
        ("Азаматтық процестік кодекске түсіндірме", "азаматтық кодекстің"),
        ("Соттардың тәуелсіздігі туралы", "сотының тәуелсіздігін"),
        ("Судьялардың әдеп кодексі", "судьяның әдебі"),
    ],
)
def test_kazakh_endings_are_stripped_in_index_and_query(db, title, query):
    record = RecordFactory(title=title, language="kk")
    RecordFactory(title="Право и суд", language="ru")
    assert list(records_search(q=query)) == [record]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="snowball stemmers of PostgreSQL")
@pytest.mark.parametrize(
    ("title", "language", "query"),
    [
        ("Независимость судьи", "ru", "независимость судей"),
        ("Вопросы судебной этики", "ru", "судебная этика"),
        ("Judicial independence and constitutions", "en", "constitution independent"),
    ],
)
def test_postgresql_stems_each_record_with_its_language(db, title, language, query):
    record = RecordFactory(title=title, language=language)
    RecordFactory(title="Другое", language="ru")
    assert list(records_search(q=query)) == [record]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm")
def test_did_you_mean_offers_the_catalogues_nearest_words(db, client):
    from django.urls import reverse

    from academy.library.selectors import did_you_mean
    from academy.library.services.cataloguing import words_refresh

    RecordFactory(title="Philosophy of law", language="en")
    RecordFactory(title="History of the constitution", language="en")
    words_refresh()

    assert did_you_mean("philosphy") == "philosophy"
    assert did_you_mean("histroy") == "history"
    assert did_you_mean("consitution") == "constitution"
    assert did_you_mean("philosophy") == ""
    page = client.get(reverse("library:search"), {"q": "histroy"}).content.decode()
    assert 'data-testid="did-you-mean"' in page and "history" in page


def test_did_you_mean_is_silent_without_postgresql(db):
    from academy.library.selectors import did_you_mean

    if connection.vendor != "postgresql":
        assert did_you_mean("histroy") == ""


def test_facets_count_the_found_records_by_type_language_year_and_availability(db, client):
    from django.urls import reverse

    from academy.library.models import Copy
    from academy.library.selectors import search_facets
    from academy.library.testing import CopyFactory

    on_shelf = RecordFactory(title="Сот практикасы 2020", language="kk", year=2020)
    CopyFactory(record=on_shelf)
    lent = RecordFactory(title="Сот практикасы 2021", language="ru", year=2021,
                         kind=RecordKind.COMMENTARY)  # fmt: skip
    CopyFactory(record=lent, status=Copy.Status.ON_LOAN)
    RecordFactory(title="Сот практикасы 2021 II", language="ru", year=2021)
    RecordFactory(title="Другое", language="en", year=1999)

    facets = search_facets(records_search(q="сот практикасы"))
    counts = {name: {f.value: f.count for f in items} for name, items in facets.items()}
    assert counts == {
        "kind": {"book": 2, "commentary": 1},
        "language": {"ru": 2, "kk": 1},
        "year": {"2021": 2, "2020": 1},
        "available": {"1": 1},
        "author": {f"{record.authors}": 1 for record in records_search(q="сот практикасы")},
        "subject": {},
    }
    assert list(records_search(q="сот практикасы", available=True)) == [on_shelf]
    page = client.get(reverse("library:search"), {"q": "сот практикасы"}).content.decode()
    assert 'data-testid="facets"' in page and "year_from=2021" in page
    only = client.get(reverse("library:search"), {"q": "сот практикасы", "available": "on"})
    assert list(only.context["page"]) == [on_shelf]
