"""OPAC search benchmark (IS-12 reader search over the full-text database).

Seeds N records (default 20 000) with abstracts and full texts in Russian and Kazakh into
its own PostgreSQL database (dropped and created each run; its name must contain
"bench"), then runs a set of queries the way the OPAC page does (the count for the
result line and the first page of 20), in process, and prints throughput and
p50/p95/p99 latency of the full-text query (weighted tsvector + GIN index + SearchRank)
beside the icontains baseline on the same data.

    .venv/bin/python bench/opac_search.py
    .venv/bin/python bench/opac_search.py --records 5000 --repeat 5
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench_opac2 .venv/bin/python bench/opac_search.py

Not a test: it changes only its own database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import recreate_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/academy_bench_opac"

WORDS_RU = (
    "суд судья решение приговор кодекс закон право иск истец ответчик апелляция кассация "
    "доказательство процесс гражданский уголовный административный медиация примирение "
    "конституция норма постановление практика договор собственность наследство налог "
    "банкротство трудовой спор защита потребитель ответственность наказание срок жалоба "
    "исполнение производство судопроизводство правосудие независимость этика"
).split()
WORDS_KK = (
    "сот судья шешім үкім кодекс заң құқық талап талапкер жауапкер апелляция кассация "
    "дәлел процесс азаматтық қылмыстық әкімшілік медиация татуласу конституция норма "
    "қаулы тәжірибе шарт меншік мұра салық банкроттық еңбек дау қорғау жауапкершілік жаза"
).split()
QUERIES = [
    "конституция",
    "медиация",
    "уголовный процесс",
    "кодекс",
    "апелляция жалоба",
    "банкротство",
    "судебная этика",
    "қылмыстық",
    "сот шешім",
    "наследство договор",
    "независимость судей",
    "татуласу",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def seed(n: int, rng: random.Random) -> None:
    from academy.library.models import Record, RecordKind, dedup_key
    from academy.library.textsearch import search_document

    kinds = (
        [RecordKind.BOOK] * 5 + [RecordKind.ARTICLE] * 3 + [RecordKind.COMMENTARY, RecordKind.CODE]
    )
    # Zipf-distributed vocabulary: the legal words among 3 000 made-up ones, at random ranks,
    # so queries range from rare to common as in a real catalogue.
    syllables = "ба ва га да жа за ка ла ма на па ра са та ша құ ро ле ми ту".split()
    filler = {"".join(rng.choice(syllables) for _ in range(3)) for _ in range(3000)}
    vocab = {}
    for base in (WORDS_RU, WORDS_KK):
        pool = list(base) + sorted(filler)
        rng.shuffle(pool)
        vocab[base is WORDS_KK] = (pool, [1 / (rank + 1) ** 1.05 for rank in range(len(pool))])
    batch: list[Record] = []
    started = time.perf_counter()
    for i in range(n):
        kazakh = rng.random() < 0.35
        pool, weights = vocab[kazakh]

        def text(k: int, pool=pool, weights=weights) -> str:
            return " ".join(rng.choices(pool, weights, k=k))

        title = f"{text(4).capitalize()} {i}"
        authors = f"Автор{rng.randint(1, 2000)}, А. Б."
        year = rng.randint(1995, 2025)
        record = Record(
            kind=rng.choice(kinds),
            title=title,
            authors=authors,
            publisher="Жеті жарғы",
            year=year,
            language="kk" if kazakh else "ru",
            subjects="; ".join(text(2) for _ in range(2)),
            abstract=text(40),
            full_text=text(400),
            dedup_key=dedup_key(title, authors, year),
        )
        # bulk_create bypasses save(): the folded text the index is built from, as save() does.
        record.search_text = search_document(record)
        batch.append(record)
        if len(batch) == 1000:
            Record.objects.bulk_create(batch)
            batch = []
    Record.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE library_record")
    print(f"seeded {n} records in {time.perf_counter() - started:.1f} s")


def measure(engine: str, repeat: int) -> tuple[list[float], dict[str, int]]:
    from academy.library.selectors import records_search

    timings, hits = [], {}
    for q in QUERIES:  # warm-up
        list(records_search(q=q, engine=engine)[:20])
    for _ in range(repeat):
        for q in QUERIES:
            started = time.perf_counter()
            found = records_search(q=q, engine=engine)
            total = found.count()
            list(found[:20])
            timings.append(time.perf_counter() - started)
            hits[q] = total
    return timings, hits


def report(label: str, timings: list[float]) -> dict[str, float]:
    ms = [t * 1000 for t in timings]
    figures = {
        "qps": len(timings) / sum(timings),
        "p50": percentile(ms, 0.50),
        "p95": percentile(ms, 0.95),
        "p99": percentile(ms, 0.99),
        "mean": statistics.mean(ms),
    }
    print(
        f"{label:<28} {figures['qps']:8.1f} q/s   p50 {figures['p50']:7.2f} ms   "
        f"p95 {figures['p95']:7.2f} ms   p99 {figures['p99']:7.2f} ms"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=10, help="rounds over the query set")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed(args.records, random.Random(args.seed))

    from django.db import connection

    from academy.library.selectors import records_search

    plan_sql, params = records_search(q="медиация").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + plan_sql, params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    print("GIN index used:", "library_record_search_gin" in plan)

    print(f"{len(QUERIES)} queries × {args.repeat} rounds; each = count + first page of 20")
    fts_times, fts_hits = measure("auto", args.repeat)
    like_times, like_hits = measure("icontains", args.repeat)
    fts = report("full-text (tsvector, GIN)", fts_times)
    like = report("icontains baseline", like_times)
    print(
        f"speed-up p50 ×{like['p50'] / fts['p50']:.1f}, throughput ×{fts['qps'] / like['qps']:.1f}"
    )
    print("hits per query (full-text / icontains):")
    for q in QUERIES:
        print(f"  {q:<22} {fts_hits[q]:6d} / {like_hits[q]:6d}")


if __name__ == "__main__":
    main()
