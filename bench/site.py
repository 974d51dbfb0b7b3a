"""Throughput of the information site's pages against a bare Django view served by the same
gunicorn (2 workers × 4 threads, 127.0.0.1), with and without the page cache.

    make bench-site                 # 10 s per measurement
    make bench-site BENCH_ARGS=--quick
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import bench_database, gunicorn, load, manage, target  # noqa: E402

PAGES = {"home": "/", "news_list": "/tin-tuc/", "article": "/tin-tuc/muc-tieu-nam-2026/"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    seconds = 4 if args.quick else 10
    results = {}
    with bench_database() as db_url:
        env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "portal.settings.local",
               "DEBUG": "false", "BENCH_ENDPOINTS": "true", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        for mode, cache_seconds in (("cached", "300"), ("uncached", "0")):
            with gunicorn({**env, "PAGE_CACHE_SECONDS": cache_seconds}) as port:
                load(port, "/", clients=2, seconds=1)  # warm up workers and caches
                bare, _, bare_errors = load(port, "/bench/bare/", clients=args.clients, seconds=seconds)
                for name, path in PAGES.items():
                    rps, p95, errors = load(port, path, clients=args.clients, seconds=seconds)
                    results[(mode, name)] = (rps, p95, errors, bare)
                    print(f"{mode:8} {name:10} {rps:8.1f} req/s  p95 {p95:6.1f} ms  errors {errors}  (bare {bare:.1f} req/s)")
    backend = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory per worker"
    for mode in ("cached", "uncached"):
        rps, p95, errors, bare = results[(mode, "news_list")]
        print(f"MEASURE news_list_{mode}_vs_bare={rps / bare:.3f}  (no target in the issue; {rps:.0f} req/s)")
    for mode, goal in (("cached", 0.6), ("uncached", 0.05)):
        for name in ("article", "home"):
            rps, p95, errors, bare = results[(mode, name)]
            target(f"{name}_{mode}_vs_bare", rps / bare, ">=", goal,
                   note=f"{name} {rps:.0f} req/s, bare {bare:.0f} req/s, {args.clients} clients, {seconds} s, "
                        f"{backend}, cache {cache}, errors {errors}")


if __name__ == "__main__":
    main()
