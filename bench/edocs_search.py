"""Electronic documents benchmark: text extraction docs/s, and OPAC search with and without them.

Own PostgreSQL database (dropped and created each run; its name must contain "bench"):

1. extraction: --extract documents (PDF of --pages pages, DOCX, EPUB in turn) are made,
   then (a) their text is read (pypdf, python-docx, zipfile+lxml) – docs/s and MB/s of
   files; (b) the whole pipeline of the background task: file read from storage, text
   extracted, folded, saved, tsvector built by the trigger – docs/s;
2. search: --records catalogue records (bench/opac_search.py's seed) and --documents
   documents of --words words each attached to random records (rows written directly, the
   trigger indexing them), then the OPAC query (count + first page of 20) over the same
   queries with the documents' hook off and on: p50/p95/p99.

    .venv/bin/python bench/edocs_search.py
    .venv/bin/python bench/edocs_search.py --records 5000 --documents 2000 --extract 60

Not a test: it changes only its own database and a temporary media folder.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from opac_search import QUERIES, WORDS_KK, WORDS_RU, percentile, recreate_database, seed  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/academy_bench_edocs"
DOC_QUERIES = QUERIES + ["правосудие исполнение", "жауапкершілік"]


def _figures(label: str, timings: list[float]) -> None:
    ms = [t * 1000 for t in timings]
    print(
        f"  {label:<30} {len(ms) / sum(timings):7.1f} q/s   p50 {percentile(ms, 0.5):7.2f} ms   "
        f"p95 {percentile(ms, 0.95):7.2f} ms   p99 {percentile(ms, 0.99):7.2f} ms"
    )


def bench_extraction(count: int, pages: int, rng: random.Random) -> None:
    from django.core.files.base import ContentFile

    from academy.library.edocs.extraction import extract_text
    from academy.library.edocs.models import Document
    from academy.library.edocs.services import documents_extract
    from academy.library.edocs.testing import make_docx, make_epub, make_pdf
    from academy.library.models import Record

    words = WORDS_RU + WORDS_KK
    files = []
    for i in range(count):
        lines = "\n".join(" ".join(rng.choices(words, k=9)) for _ in range(40))
        kind = ("pdf", "docx", "epub")[i % 3]
        maker = {"pdf": lambda t: make_pdf(t, pages=pages), "docx": make_docx, "epub": make_epub}
        files.append((kind, maker[kind](lines)))
    size = sum(len(data) for _kind, data in files)
    started = time.perf_counter()
    chars = sum(len(extract_text(data, kind).text) for kind, data in files)
    took = time.perf_counter() - started
    print(
        f"extraction alone: {count} documents ({count // 3} PDF of {pages} pages, DOCX, EPUB), "
        f"{size / 1e6:.1f} MB, {chars / 1e6:.1f} M characters: "
        f"{count / took:.1f} docs/s, {size / 1e6 / took:.2f} MB/s"
    )
    for kind in ("pdf", "docx", "epub"):
        chosen = [data for k, data in files if k == kind]
        started = time.perf_counter()
        for data in chosen:
            extract_text(data, kind)
        print(f"  {kind:<5} {len(chosen) / (time.perf_counter() - started):7.1f} docs/s")
    record = Record.objects.order_by("pk").first()
    pks = []
    for i, (kind, data) in enumerate(files):
        document = Document(record=record, filename=f"b{i}.{kind}", format=kind, size=len(data))
        document.file.save(document.filename, ContentFile(data), save=False)
        document.save()
        pks.append(document.pk)
    started = time.perf_counter()
    documents_extract(pks)
    took = time.perf_counter() - started
    print(f"background pipeline (read, extract, fold, save, index): {count / took:.1f} docs/s")
    Document.objects.filter(pk__in=pks).delete()


def seed_documents(count: int, words: int, rng: random.Random) -> None:
    from django.db import connection

    from academy.library.edocs.models import Document, ExtractionStatus
    from academy.library.models import Record
    from academy.library.textsearch import fold

    record_pks = list(Record.objects.values_list("pk", flat=True))
    languages = dict(Record.objects.values_list("pk", "language"))
    syllables = "ба ва га да жа за ка ла ма на па ра са та ша құ ро ле ми ту".split()
    filler = sorted({"".join(rng.choice(syllables) for _ in range(3)) for _ in range(5000)})
    pool = WORDS_RU + WORDS_KK + filler
    rng.shuffle(pool)
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(pool))]
    started, batch = time.perf_counter(), []
    for i in range(count):
        pk = rng.choice(record_pks)
        text = " ".join(rng.choices(pool, weights, k=words))
        batch.append(
            Document(
                record_id=pk, filename=f"d{i}.pdf", format="pdf", file=f"bench/d{i}.pdf",
                status=ExtractionStatus.DONE, search_text=fold(text), language=languages[pk],
            )
        )  # fmt: skip
        if len(batch) == 500:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE library_edocs_document")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('library_edocs_document'))")
        table = cursor.fetchone()[0]
    took = time.perf_counter() - started
    print(f"seeded {count} documents of {words} words in {took:.1f} s (table + index {table})")


def measure(repeat: int) -> tuple[list[float], dict[str, int]]:
    from academy.library.selectors import records_search

    timings, hits = [], {}
    for q in DOC_QUERIES:
        list(records_search(q=q)[:20])
    for _ in range(repeat):
        for q in DOC_QUERIES:
            started = time.perf_counter()
            found = records_search(q=q)
            hits[q] = found.count()
            list(found[:20])
            timings.append(time.perf_counter() - started)
    return timings, hits


def measure_documents(repeat: int) -> list[float]:
    """The documents' side alone: the records whose documents hold the words (count)."""
    from academy.library.edocs.selectors import records_matching_documents
    from academy.library.selectors import _tsquery, search_terms

    timings = []
    for _ in range(repeat):
        for q in DOC_QUERIES:
            terms = search_terms(q)
            started = time.perf_counter()
            records_matching_documents(terms, _tsquery(terms)).count()
            timings.append(time.perf_counter() - started)
    return timings


def bench_search(repeat: int) -> None:
    from academy.library import selectors

    hooks = list(selectors.SEARCH_EXTENSIONS)
    selectors.SEARCH_EXTENSIONS.clear()
    without, hits_without = measure(repeat)
    selectors.SEARCH_EXTENSIONS.extend(hooks)
    with_docs, hits_with = measure(repeat)
    print(f"OPAC query, {len(DOC_QUERIES)} queries × {repeat} rounds (count + first page of 20):")
    _figures("records only", without)
    _figures("records + documents' text", with_docs)
    _figures("documents' text alone", measure_documents(repeat))
    print("hits per query (records only / with documents):")
    for q in DOC_QUERIES:
        print(f"  {q:<24} {hits_without[q]:6d} / {hits_with[q]:6d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=1500, help="words per seeded document")
    parser.add_argument("--extract", type=int, default=90, help="documents made and extracted")
    parser.add_argument("--pages", type=int, default=10, help="pages of each PDF")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--search-only", action="store_true", help="reuse the last run's database: search only"
    )
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not args.search_only:
        recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-edocs-")
    os.environ.setdefault("CELERY_EAGER", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.search_only:
        bench_search(args.repeat)
        return
    rng = random.Random(args.seed)
    seed(args.records, rng)
    bench_extraction(args.extract, args.pages, rng)
    seed_documents(args.documents, args.words, rng)
    bench_search(args.repeat)


if __name__ == "__main__":
    main()
