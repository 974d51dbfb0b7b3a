"""Search latency with 20,000 indexed documents: median and p95 of the full search (parse, typo
lookup, candidate retrieval, ranking, facets, snippets) over the judged queries, against a plain
indexed lookup (one row by its unique key) in the same run, on the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search.py [--quick]

Runs in-process against a throw-away database (bench/_harness.py); PostgreSQL when DATABASE_URL
points at one (the target is for PostgreSQL), else SQLite. Also prints the judged set's relevance
with the 20,000 extra documents in the index (noise the 64 judged ones must still beat)."""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import bench_database, manage, target  # noqa: E402

GOAL_MS = 30.0


ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r", "s",
          "t", "th", "tr", "v", "x"]
RIMES = ["a", "ai", "am", "an", "ang", "anh", "ao", "ay", "ăn", "ăng", "âm", "ân", "âu", "e", "em", "en", "eo", "ê",
         "ên", "ênh", "i", "ia", "im", "in", "inh", "iu", "o", "oa", "oai", "oan", "oang", "oi", "om", "on", "ong", "ô",
         "ôi", "ôn", "ông", "ơ", "ơi", "ơn", "u", "ua", "ui", "um", "un", "ung", "uy", "uyên", "ư", "ưa", "ươi", "ương",
         "ưng", "y", "yên"]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def _syllables(rng, count):
    import unicodedata

    made = set()
    while len(made) < count:
        rime = rng.choice(RIMES)
        tone = rng.choice(TONES)
        # The tone mark goes on the rime's main vowel (last vowel letter is close enough here).
        index = max(i for i, ch in enumerate(rime) if ch in "aăâeêioôơuưy")
        rime = rime[:index + 1] + tone + rime[index + 1:]
        made.add(unicodedata.normalize("NFC", rng.choice(ONSETS) + rime))
    return sorted(made)


def synthetic_documents(count, seed=7):
    """Filler documents for a library of 20,000: text in generated Vietnamese syllables with a Zipf
    word distribution (a library is mostly about other things), plus, in half of them, one or two
    real sentences of the judged lessons, so every query word also appears in hundreds to
    thousands of filler documents (near misses the judged answers must beat)."""
    from tests.search.relevance_data import DOCUMENTS

    rng = random.Random(seed)
    vocabulary = _syllables(rng, 6000)
    rng.shuffle(vocabulary)  # frequency rank independent of spelling
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    sentences = [s.strip() for d in DOCUMENTS for s in (d[3] + " " + d[4]).split(".") if s.strip()]
    titles = [d[2] for d in DOCUMENTS]
    audiences = ["elderly", "student", "worker", "civil_servant", "other_adult", "digital_team", "disabled"]
    topics = sorted({t for d in DOCUMENTS for t in d[6]})

    def text(n):
        return " ".join(rng.choices(vocabulary, weights, k=n))

    for i in range(count):
        title = text(rng.randint(4, 9)).capitalize()
        summary = text(rng.randint(15, 30))
        transcript = text(rng.randint(80, 250))
        if rng.random() < 0.5:
            transcript += ". " + ". ".join(rng.sample(sentences, rng.randint(1, 2)))
        if rng.random() < 0.1:
            title += " " + " ".join(rng.choice(titles).split()[:3])
        yield (f"syn-{i}", title, summary, transcript, rng.sample(audiences, 2), [rng.choice(topics)],
               rng.randint(2, 25))


def load_index(count):
    from search.indexing import fields_from_texts
    from search.maintenance import rebuild_vocabulary
    from search.models import SearchDocument
    from tests.search.relevance import load_documents

    load_documents()
    batch = []
    for key, title, summary, transcript, audience, topics, minutes in synthetic_documents(count):
        fields = fields_from_texts(title=title, summary=summary, transcript=transcript, audience=audience,
                                   topics=topics, minutes=minutes, url=f"/bai/{key}/")
        batch.append(SearchDocument(kind="lesson", object_id=key, **fields))
        if len(batch) == 1000:
            SearchDocument.objects.bulk_create(batch)
            batch = []
    SearchDocument.objects.bulk_create(batch)
    rebuild_vocabulary()
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument; ANALYZE search_vocabulary")
    return SearchDocument.objects.count()


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true",
                        help="10,000 documents and one round over the queries (under 2 minutes)")
    parser.add_argument("--documents", type=int, default=None, help="filler documents (default 20,000)")
    args = parser.parse_args()
    rounds = 1 if args.quick else 5
    args.documents = args.documents or (10_000 if args.quick else 20_000)
    with bench_database() as db_url:
        env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "portal.settings.local",
               "DEBUG": "false"}
        env.pop("REDIS_URL", None)  # in-process: local-memory cache, eager tasks
        manage(env, "migrate", "--noinput")
        os.environ.update({"DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "portal.settings.local",
                           "DEBUG": "false"})
        os.environ.pop("REDIS_URL", None)
        import django

        django.setup()
        from django.db import connection

        from search import services
        from search.models import SearchDocument
        from tests.search.relevance import evaluate, query_sets

        started = time.perf_counter()
        total = load_index(args.documents)
        print(f"indexed {total} documents in {time.perf_counter() - started:.1f} s ({connection.vendor})")
        queries = [q for queries in query_sets().values() for q, _ in queries]

        for q in queries:  # warm up: caches, prepared plans, pages in memory
            services.search(q, language="vi", log=False)
        search_ms, lookup_ms, cpu_ms = [], [], []
        keys = [f"syn-{i}" for i in range(0, args.documents, max(1, args.documents // 97))]
        for _ in range(rounds):
            for i, q in enumerate(queries):
                t0, c0 = time.perf_counter(), time.process_time()
                services.search(q, language="vi", log=False)
                search_ms.append((time.perf_counter() - t0) * 1000)
                cpu_ms.append((time.process_time() - c0) * 1000)
                t0 = time.perf_counter()
                SearchDocument.objects.filter(kind="lesson", object_id=keys[i % len(keys)],
                                              language="vi").values_list("id", "title").first()
                lookup_ms.append((time.perf_counter() - t0) * 1000)

        def rank(query):
            return [h.object_id for h in services.search(query, language="vi", log=False).hits]

        for name, judged in query_sets().items():
            scores = evaluate(rank, judged)
            print(f"relevance with {total} documents, {name:9s}: nDCG@10={scores['ndcg']:.3f} "
                  f"success@1={scores['success']:.3f}")
        median, p95 = statistics.median(search_ms), percentile(search_ms, 0.95)
        base_median, base_p95 = statistics.median(lookup_ms), percentile(lookup_ms, 0.95)
        print(f"search: median {median:.2f} ms, p95 {p95:.2f} ms over {len(search_ms)} searches "
              f"({len(queries)} queries x {rounds})")
        print(f"  of which CPU in this (Django) process: median {statistics.median(cpu_ms):.2f} ms, "
              f"p95 {percentile(cpu_ms, 0.95):.2f} ms (the rest is PostgreSQL and waiting for a CPU)")
        print(f"machine load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"plain indexed lookup: median {base_median:.2f} ms, p95 {base_p95:.2f} ms")
        print(f"MEASURE search_p95_vs_lookup={p95 / base_p95:.1f}x  median_ratio={median / base_median:.1f}x")
        target("search_p95_ms", p95, "<", GOAL_MS, unit="ms",
               note=f"{connection.vendor}, {total} documents, median {median:.2f} ms; plain indexed lookup "
                    f"p95 {base_p95:.2f} ms (unique key, same run, same database)")
        connection.close()


if __name__ == "__main__":
    main()
