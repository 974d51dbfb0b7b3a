"""The contest under load, each figure against a baseline measured in the same run:

(a) submit throughput: 200 concurrent clients POST /api/contest/attempts/<id>/submit (each with its
    own signed-in session, attempt in progress and that attempt's token, as the take page sends
    it; one submit in ten is retried with the same key) on gunicorn with 2 workers on 127.0.0.1,
    against a bare Django view on the same server, in alternating phases; p95 latency; the same
    submit authenticated by the session and CSRF instead of the token, for comparison; lost submissions (a 2xx answer without a submitted attempt and its result in the
    database) and duplicated ones (more than one result per entrant and round, or a submitted
    attempt nobody sent) counted in the database afterwards.
(b) leaderboard top 100 and "my standing" at the seeded size (1,000,000 entries by default): p95 of
    the server time of the selectors, timed in-process over many calls, for the open round (live
    ranking) and the finalised one.
(c) exports of 50,000 and of 1,000,000 result rows to XLSX in a child process: time, rows/s and the
    child's peak resident memory, against `COPY (same query) TO STDOUT` of the same rows.

    make bench-contest                       # 1,000,000 entries (PostgreSQL: several minutes to seed)
    make bench-contest BENCH_ARGS=--quick    # 10,000 entries, about two minutes
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import PY, ROOT, bench_database, gunicorn, load, manage, target  # noqa: E402

MAIN = "cong-dan-so-dong-nai"
# Threads per gunicorn worker, as docker-compose runs the site: a submit waits on PostgreSQL's
# commit, and with 8 threads a worker has work while 2 or 3 of them wait (4 gave 0.32-0.38 of
# the bare view here, 8 gave 0.40-0.43, 16 no more).
THREADS = 8
SMALL = "bench-xuat-nho"
ORGANISER_EMAIL = "bench-organiser@bench.invalid"


# Child tasks (run with Django set up, in a subprocess) --------------------------------------------

def django_setup():
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


def task_prepare(pool_size, out_path):
    """Pool entrants with an attempt in progress in the open round and a signed-in session each;
    an organiser for the exports. Bulk inserts: attempt_start per entrant would take minutes."""
    django_setup()
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from accounts.models import AdministrativeUnit, AudienceGroup, User
    from contest.attempt_tokens import attempt_token
    from contest.models import Attempt, AttemptAnswer, ContestPage, Entrant, Round
    from contest.services.attempts import _category_question_ids
    from quiz.models import Choice

    contest = ContestPage.objects.get(slug=MAIN)
    round = Round.objects.get(contest=contest, status=Round.Status.OPEN)
    communes = list(AdministrativeUnit.objects.filter(level="commune").values_list("pk", flat=True))
    now = timezone.now()
    User.objects.filter(email=ORGANISER_EMAIL).delete()
    User.objects.create_superuser(email=ORGANISER_EMAIL, password=get_random_string(20))
    users = User.objects.bulk_create([
        User(email=f"bench-pool-{i}@bench.invalid", phone=f"+8439{i:07d}", password="!bench", first_name="An",
             last_name="Nguyễn Văn") for i in range(pool_size)], batch_size=2000)
    entrants = Entrant.objects.bulk_create([
        Entrant(contest=contest, user=u, phone=u.phone, full_name=f"Nguyễn Văn An {i}",
                date_of_birth=dt.date(1990, 1, 1), commune_id=random.choice(communes), workplace="",
                audience_group=AudienceGroup.CIVIL_SERVANT, consent_at=now, consent_version="1")
        for i, u in enumerate(users)], batch_size=2000)
    attempts = Attempt.objects.bulk_create([
        Attempt(entrant=e, round=round, number=1, started_at=now, deadline=now + dt.timedelta(hours=2),
                max_score=10) for e in entrants], batch_size=2000)
    # The round's draw, its bank read once (draw_questions reads it per attempt).
    quotas = [(_category_question_ids(q.category_id), q.count) for q in round.quotas.all()]
    choices, keys = {}, {}
    for question_id, choice_id, correct in Choice.objects.values_list("question_id", "id", "is_correct"):
        choices.setdefault(question_id, []).append(choice_id)
        if correct:
            keys.setdefault(question_id, []).append(choice_id)
    answers = []
    for attempt in attempts:
        drawn = []
        for ids, count in quotas:
            drawn += random.sample([q for q in ids if q not in drawn], count)
        random.shuffle(drawn)
        for position, question_id in enumerate(drawn, start=1):
            order = list(choices[question_id])
            random.shuffle(order)
            answers.append(AttemptAnswer(attempt=attempt, question_id=question_id, position=position,
                                         choice_order=order, correct_ids=keys.get(question_id, []),
                                         selected=[random.choice(order)], answered_at=now))
    AttemptAnswer.objects.bulk_create(answers, batch_size=5000)
    sessions, pool = [], []
    backend = settings.AUTHENTICATION_BACKENDS[0]
    for user, attempt in zip(users, attempts):
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: user.get_session_auth_hash()}
        sessions.append(Session(session_key=key, session_data=SessionStore().encode(data),
                                expire_date=now + dt.timedelta(days=1)))
        pool.append({"attempt": attempt.pk, "entrant": attempt.entrant_id, "session": key,
                     "token": attempt_token(user.pk, attempt.pk)})
    Session.objects.bulk_create(sessions, batch_size=2000)
    results_1 = contest.rounds.get(number=1).results.order_by("?").values_list("entrant_id", flat=True)[:300]
    Path(out_path).write_text(json.dumps({"pool": pool, "round": round.pk, "sample_entrants": list(results_1)}))
    print(json.dumps({"pool": len(pool)}))


def task_verify(pool_path, sent_path):
    django_setup()
    from django.db.models import Count

    from contest.models import Attempt, RoundResult

    pool = json.loads(Path(pool_path).read_text())
    sent = json.loads(Path(sent_path).read_text())
    ok = set(sent["ok"])
    ids = [p["attempt"] for p in pool["pool"]]
    submitted = set(Attempt.objects.filter(pk__in=ids, status="submitted").values_list("pk", flat=True))
    with_result = set(RoundResult.objects.filter(attempt_id__in=ids).values_list("attempt_id", flat=True))
    entrants = [p["entrant"] for p in pool["pool"]]
    duplicates = (RoundResult.objects.filter(round_id=pool["round"], entrant_id__in=entrants).values("entrant")
                  .annotate(n=Count("id")).filter(n__gt=1).count())
    lost = len(ok - submitted) + len(ok - with_result)
    phantom = len(submitted - set(sent["sent"]))
    print(json.dumps({"lost": lost, "duplicated": duplicates + phantom, "submitted": len(submitted),
                      "ok": len(ok)}))


def task_timings(pool_path, calls):
    """p95 server time of leaderboard top-100 and my standing, in-process. The leaderboard is
    cached (a finalised round's pages until re-finalised, a live round's for a few seconds), so
    it is timed twice: as served (nearly every call a cache hit) and cold (the contest's board
    version bumped before each call: cache miss, query, cache set)."""
    django_setup()
    from contest.models import ContestPage, Entrant, Round
    from contest.services import leaderboard_page, my_standing
    from contest.services.results import leaderboards_changed

    contest = ContestPage.objects.get(slug=MAIN)
    sample = json.loads(Path(pool_path).read_text())["sample_entrants"]
    out = {}
    for label, round in (("live", Round.objects.get(contest=contest, number=2)),
                         ("final", Round.objects.get(contest=contest, number=1))):
        entrants = list(Entrant.objects.filter(pk__in=sample))
        leaderboard_page(round=round, page=1, per_page=100)  # warm: cached count, plans
        board, cold, standing = [], [], []
        for i in range(calls):
            started = time.perf_counter()
            page = leaderboard_page(round=round, page=1, per_page=100)
            board.append(time.perf_counter() - started)
            leaderboards_changed(contest.pk)
            started = time.perf_counter()
            page = leaderboard_page(round=round, page=1, per_page=100)
            cold.append(time.perf_counter() - started)
            entrant = entrants[i % len(entrants)]
            round_fresh = Round.objects.get(pk=round.pk)
            started = time.perf_counter()
            my_standing(round=round_fresh, entrant=entrant)
            standing.append(time.perf_counter() - started)
        assert len(page["items"]) == 100
        out[label] = {"leaderboard_p95_ms": p95(cold) * 1000, "leaderboard_cached_p95_ms": p95(board) * 1000,
                      "standing_p95_ms": p95(standing) * 1000, "results": page["total"]}
    print(json.dumps(out))


def task_export(slug, round_number):
    django_setup()
    from accounts.models import User
    from contest.exports.services import export_request, export_run
    from contest.models import ContestPage, ExportRecord

    contest = ContestPage.objects.get(slug=slug)
    record = export_request(user=User.objects.get(email=ORGANISER_EMAIL), contest=contest, kind="results",
                            fmt="xlsx", round=contest.rounds.get(number=round_number), run=False)
    started = time.perf_counter()
    record = export_run(record.pk)
    seconds = time.perf_counter() - started
    assert record.status == ExportRecord.Status.DONE, record.error
    from contest.exports.storage import export_storage

    size = export_storage().size(record.file.name)
    print(json.dumps({"seconds": seconds, "rows": record.row_count, "bytes": size}))


def task_copy(slug, round_number):
    """Baseline: the export's own query through COPY ... TO STDOUT, read to the end."""
    django_setup()
    from django.db import connection

    from accounts.models import User
    from contest.exports.datasets import RESULT_FIELDS, results_queryset
    from contest.models import ContestPage, ExportRecord

    contest = ContestPage.objects.get(slug=slug)
    record = ExportRecord(user=User.objects.get(email=ORGANISER_EMAIL), contest=contest, kind="results", fmt="csv",
                          scope_round=contest.rounds.get(number=round_number))
    sql, params = results_queryset(record, record.user).values_list(*RESULT_FIELDS).query.sql_with_params()
    started = time.perf_counter()
    rows = size = 0
    with connection.cursor() as c:
        with c.cursor.copy(f"COPY ({sql}) TO STDOUT", params) as copy:
            for data in copy:
                size += len(data)
                rows += bytes(data).count(b"\n")
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows, "bytes": size}))


def task_idle():
    django_setup()
    print(json.dumps({}))


TASKS = {"prepare": task_prepare, "verify": task_verify, "timings": task_timings, "export": task_export,
         "copy": task_copy, "idle": task_idle}


# Orchestration ------------------------------------------------------------------------------------

def p95(values):
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def child(env, *args):
    """Run a child task; return (its JSON output, its peak RSS in MB)."""
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen([PY, str(Path(__file__).resolve()), "--task", *map(str, args)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=errors)
        out = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage (peak RSS)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            errors.seek(0)
            raise RuntimeError(f"bench task {args[0]} failed ({proc.returncode}):\n{errors.read().decode()[-3000:]}")
    lines = [line for line in out.decode().splitlines() if line.startswith("{") and '"level"' not in line]
    return json.loads(lines[-1]), usage.ru_maxrss / 1024


def submit_queues(pool, clients, *, use_token):
    """Each client's own attempts, with the request built beforehand (the client's own work per
    request then is what the bare view's load does: send, read). With the token, as the take page
    sends it (the browser's cookies go along anyway); without it, the session cookie and CSRF."""
    csrf = "benchcsrftoken0123456789abcdefgh"[:32]
    queues = []
    for i in range(clients):
        items = []
        for item in pool[i::clients]:
            headers = {"Content-Type": "application/json", "Cookie": f"sessionid={item['session']}; csrftoken={csrf}"}
            if use_token:
                headers["X-Attempt-Token"] = item["token"]
            else:
                headers["X-CSRFToken"] = csrf
            body = json.dumps({"submit_key": f"bench-{item['attempt']}"}).encode()
            items.append((item["attempt"], f"/api/contest/attempts/{item['attempt']}/submit", body, headers))
        queues.append(iter(items))
    return queues


def submit_load(port, queues, *, seconds):
    """Closed loop: each client submits its own attempts one after the other (a fresh attempt per
    request), and retries one submit in ten with the same key, as a phone on a bad network would."""
    latencies, ok, sent, errors = [], [], [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, my_ok, my_sent, bad = [], [], [], 0
        rng = random.Random(index)
        for attempt, path, body, headers in queues[index]:
            if time.monotonic() >= stop_at:
                break
            for _try in range(2 if rng.random() < 0.1 else 1):
                started = time.perf_counter()
                try:
                    conn.request("POST", path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    my_sent.append(attempt)
                    if response.status == 200:
                        my_ok.append(attempt)
                    else:
                        bad += 1
                except (OSError, http.client.HTTPException):
                    bad += 1
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            ok.extend(my_ok)
            sent.extend(my_sent)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(queues))]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    return {"requests": len(latencies), "seconds": elapsed, "latencies": latencies, "errors": errors[0], "ok": ok,
            "sent": sent}


def submit_vs_bare(port, pool, *, clients, seconds, phases=3, bare4_port=None):
    """Bare and submit phases taken in turns after a warm-up, so that a machine whose speed
    drifts during the run (a shared VM) weighs on both alike; each rate is the phases' total.
    With `bare4_port`, a third phase each turn: the bare view on a server with 4 threads per
    worker, where a view that never waits runs a little faster than on 8 (for the record)."""
    quarter = len(pool) // 4
    token_queues = submit_queues(pool[quarter:], clients, use_token=True)
    session_queues = submit_queues(pool[:quarter], clients, use_token=False)
    load(port, "/bench/bare/", clients=clients, seconds=2)
    if bare4_port:
        load(bare4_port, "/bench/bare/", clients=clients, seconds=2)
    warm = submit_load(port, token_queues, seconds=2)
    bare = {"requests": 0, "seconds": 0.0, "latencies": [], "errors": 0}
    bare4 = {"requests": 0, "seconds": 0.0}
    submit = {"requests": 0, "seconds": 0.0, "latencies": [], "errors": 0, "ok": list(warm["ok"]), "sent": list(warm["sent"])}
    for _phase in range(phases):
        rate, _p95, errors, latencies = load(port, "/bench/bare/", clients=clients, seconds=seconds / phases,
                                             with_latencies=True)
        bare["requests"] += len(latencies)
        bare["seconds"] += len(latencies) / rate
        bare["latencies"] += latencies
        bare["errors"] += errors
        run = submit_load(port, token_queues, seconds=seconds / phases)
        for key in ("requests", "seconds", "latencies", "errors", "ok", "sent"):
            submit[key] += run[key]
        if bare4_port:
            rate, _p95, _errors, latencies = load(bare4_port, "/bench/bare/", clients=clients, seconds=seconds / phases,
                                                  with_latencies=True)
            bare4["requests"] += len(latencies)
            bare4["seconds"] += len(latencies) / rate
    by_session = submit_load(port, session_queues, seconds=seconds / phases)
    submit["ok"] += by_session["ok"]
    submit["sent"] += by_session["sent"]
    return bare, submit, by_session, bare4


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--entries", type=int)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--task", nargs="+")
    args = parser.parse_args()
    if args.task:
        name, *rest = args.task
        TASKS[name](*[int(a) if a.isdigit() else a for a in rest])
        return
    quick = args.quick
    entries = args.entries or (10_000 if quick else 1_000_000)
    small = min(50_000, entries) if not quick else 2_000
    seconds = 3 if quick else 15
    # Every submit takes a fresh attempt: enough for ~1,500 submits/s through warm-up and phases.
    pool_size = max(args.clients * 8, int(1500 * (seconds * 4 / 3 + 2)))
    calls = 100 if quick else 400
    with bench_database() as db_url, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "portal.settings.local",
               "DEBUG": "false", "BENCH_ENDPOINTS": "true", "ALLOWED_HOSTS": "127.0.0.1,localhost",
               "LOG_LEVEL": "WARNING",
               # A fresh database reuses ids: keys cached by an earlier run (a round's ranking
               # histogram) must not be read as this run's.
               "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        postgres = db_url.startswith("postgres")
        began = time.monotonic()
        manage(env, "migrate", "--noinput")
        started = time.monotonic()
        manage(env, "seed_contest", "--entries", str(entries), "--open-share", "1.0")
        seed_seconds = time.monotonic() - started
        manage(env, "seed_contest", "--entries", str(small), "--contest", SMALL, "--open-share", "0")
        print(f"seeded {entries} entries in {seed_seconds:.0f} s (+ {small} in a second contest); setup "
              f"{time.monotonic() - began:.0f} s")
        pool_path, sent_path = Path(tmp, "pool.json"), Path(tmp, "sent.json")
        child(env, "prepare", pool_size, pool_path)
        pool = json.loads(pool_path.read_text())["pool"]

        # (b) selectors, in-process
        timings, _rss = child(env, "timings", pool_path, calls)
        for label, t in timings.items():
            print(f"{label:5} round, {t['results']} results: leaderboard top-100 p95 {t['leaderboard_p95_ms']:.2f} ms "
                  f"cold (cache miss), {t['leaderboard_cached_p95_ms']:.2f} ms as served (cache hit), "
                  f"my standing p95 {t['standing_p95_ms']:.2f} ms")

        # (c) exports vs COPY
        _idle, idle_rss = child(env, "idle")
        exports = {}
        for label, slug, number in (("small", SMALL, 1), ("large", MAIN, 1)):
            result, rss = child(env, "export", slug, number)
            copy = child(env, "copy", slug, number)[0] if postgres else None
            exports[label] = (result, rss, copy)
            baseline = (f"COPY {copy['rows']} rows in {copy['seconds']:.2f} s = {copy['rows'] / copy['seconds']:.0f} rows/s"
                        if copy else "no COPY on SQLite")
            print(f"export {result['rows']} rows to XLSX: {result['seconds']:.1f} s, "
                  f"{result['rows'] / result['seconds']:.0f} rows/s, {result['bytes'] / 1e6:.1f} MB file, "
                  f"peak RSS {rss:.0f} MB (Django alone {idle_rss:.0f} MB); {baseline}")

        # (a) submit vs bare on gunicorn
        with gunicorn(env, threads=THREADS) as port, gunicorn(env, threads=4) as bare4_port:
            bare, submit, by_session, bare4 = submit_vs_bare(port, pool, clients=args.clients, seconds=seconds,
                                                             bare4_port=bare4_port)
        sent_path.write_text(json.dumps({"ok": submit["ok"], "sent": submit["sent"]}))
        check, _rss = child(env, "verify", pool_path, sent_path)
        bare_rate, submit_rate = bare["requests"] / bare["seconds"], submit["requests"] / submit["seconds"]
        bare_p95, submit_p95 = p95(bare["latencies"]) * 1000, p95(submit["latencies"]) * 1000
        session_rate = by_session["requests"] / by_session["seconds"]
        bare4_rate = bare4["requests"] / bare4["seconds"]
        print(f"bare {bare_rate:.0f} req/s p95 {bare_p95:.0f} ms errors {bare['errors']}; submit {submit_rate:.0f} req/s "
              f"p95 {submit_p95:.0f} ms non-2xx {submit['errors']}; submit with the session instead of the attempt "
              f"token {session_rate:.0f} req/s p95 {p95(by_session['latencies']) * 1000:.0f} ms; {check['ok']} accepted, "
              f"{check['submitted']} submitted in the database, lost {check['lost']}, duplicated {check['duplicated']}")

    backend = "PostgreSQL" if postgres else "SQLite"
    note = f"{args.clients} clients, {seconds} s, gunicorn 2 workers x {THREADS} threads, {backend}"
    target("submit_vs_bare", submit_rate / bare_rate, ">=", 0.4,
           note=f"submit {submit_rate:.0f} req/s p95 {submit_p95:.0f} ms, bare {bare_rate:.0f} req/s, {note}; "
                f"3 bare and 3 submit phases in turns; with the session instead of the token "
                f"{session_rate / bare_rate:.3f} of bare; against the bare view on 4 threads per worker "
                f"({bare4_rate:.0f} req/s, in the same turns) {submit_rate / bare4_rate:.3f}")
    target("submit_lost_or_duplicated", check["lost"] + check["duplicated"], "<", 1,
           note=f"lost {check['lost']}, duplicated {check['duplicated']} of {check['ok']} accepted, checked in the DB")
    for label in ("live", "final"):
        t = timings[label]
        target(f"leaderboard_top100_p95_{label}", t["leaderboard_p95_ms"], "<", 10, unit="ms",
               note=f"{t['results']} results, in-process selector time over {calls} calls, cold (cache miss "
                    f"every call); as served from the cache: p95 {t['leaderboard_cached_p95_ms']:.2f} ms")
        target(f"my_standing_p95_{label}", t["standing_p95_ms"], "<", 10, unit="ms",
               note=f"{t['results']} results, in-process selector time over {calls} calls")
    for label in ("small", "large"):
        result, rss, copy = exports[label]
        ratio = (result["seconds"] / copy["seconds"]) if copy else float("nan")
        target(f"export_{result['rows']}_rows_peak_rss", rss, "<", 300, unit="MB",
               note=f"{result['seconds']:.1f} s, {result['rows'] / result['seconds']:.0f} rows/s, "
                    f"{ratio:.1f}x the time of COPY TO STDOUT of the same rows" if copy else "SQLite")


if __name__ == "__main__":
    main()
