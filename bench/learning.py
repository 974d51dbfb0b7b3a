"""Learning benchmarks.

1. The progress-report endpoint (POST /api/khoa-hoc/tien-do/<id>/, logged-in learners, one row
   each) under 200 concurrent clients, against the bare view in the same gunicorn
   (2 workers × 4 threads, 127.0.0.1). Target: ratio >= 0.5.
2. The commune learning report in the Wagtail admin at 200,000 learners, 1,000,000 enrolments and
   5,000,000 lesson-progress rows (seeded with COPY into a throw-away PostgreSQL database), as a
   commune officer (their commune) and as an organiser (the whole province). Target: < 1 s.

    DATABASE_URL=postgres://… .venv/bin/python bench/learning.py          # full scale
    DATABASE_URL=postgres://… .venv/bin/python bench/learning.py --quick  # 1/10 scale, 4 s loads
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import PY, ROOT, bench_database, gunicorn, load, manage, target  # noqa: E402

SETUP_LEARNERS = r"""
import json, sys
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import Locale, Site
from accounts.models import User
from courses.models import CourseAudience, CourseIndexPage, CoursePage, LessonPage
from courses.selectors import beacon_token

vi = Locale.objects.get(language_code="vi")
root = Site.objects.get(is_default_site=True).root_page
index = root.add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc", locale=vi))
course = CoursePage(title="Bench", slug="bench", summary="s", locale=vi)
course.audiences.add(CourseAudience(group="other_adult"))
index.add_child(instance=course)
lesson = course.add_child(instance=LessonPage(title="Bài", slug="bai", locale=vi, youtube_url="https://youtu.be/dQw4w9WgXcQ",
                                              completion_rule="watch", watch_percent=100))
out = []
for i in range(N):
    user = User.objects.create_user(email=f"bench{i}@example.com", password=None)
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "accounts.backends.PhoneOrEmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    out.append({"session": session.session_key, "token": beacon_token(user.pk, lesson.pk)})
print("JSON" + json.dumps({"lesson": lesson.pk, "clients": out}))
"""

SEED_REPORT = r"""
import datetime as dt, io, random, time
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Site
from accounts.models import AdministrativeUnit, AudienceGroup
from courses.models import CourseAudience, CourseIndexPage, CoursePage, LessonPage

LEARNERS, COURSES, LESSONS = {learners}, 5, 5
random.seed(7)
started = time.monotonic()
if not AdministrativeUnit.objects.filter(level="commune").exists():
    from django.core.management import call_command
    call_command("load_units", verbosity=0)
communes = list(AdministrativeUnit.objects.filter(level="commune").values_list("pk", flat=True))
weights = [random.choice([0.05, 0.3, 1, 1, 2, 3]) for _ in communes]  # some communes lag far behind
groups = [g for g, _ in AudienceGroup.choices]
vi = Locale.objects.get(language_code="vi")
root = Site.objects.get(is_default_site=True).root_page
index = CourseIndexPage.objects.filter(slug="khoa-hoc").first() or root.add_child(
    instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc", locale=vi))
courses, lessons = [], []
for c in range(COURSES):
    course = CoursePage(title=f"Khóa {{c}}", slug=f"khoa-{{c}}", summary="s", locale=vi)
    course.audiences.add(CourseAudience(group=groups[c % len(groups)]))
    index.add_child(instance=course)
    courses.append(course.pk)
    for l in range(LESSONS):
        lessons.append((course.pk, course.add_child(instance=LessonPage(title=f"Bài {{l}}", slug=f"bai-{{l}}", locale=vi,
                        completion_rule="read")).pk))
now = timezone.now()
base = 10_000_000
def ts(days):
    return (now - dt.timedelta(days=days)).isoformat()

def copy(table, columns, rows):
    sql = f"COPY {{table}} ({{', '.join(columns)}}) FROM STDIN"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.copy(sql) as pipe:
            buffer = []
            for row in rows:
                buffer.append("\t".join("\\N" if v is None else str(v) for v in row))
                if len(buffer) >= 20000:
                    pipe.write("\n".join(buffer) + "\n"); buffer = []
            if buffer:
                pipe.write("\n".join(buffer) + "\n")
    else:  # SQLite: no COPY; plain batched inserts (quick scale only)
        marks = ", ".join(["%s"] * len(columns))
        batch = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(row)
                if len(batch) >= 5000:
                    cursor.executemany(f"INSERT INTO {{table}} ({{', '.join(columns)}}) VALUES ({{marks}})", batch); batch = []
            if batch:
                cursor.executemany(f"INSERT INTO {{table}} ({{', '.join(columns)}}) VALUES ({{marks}})", batch)

learner_commune = [random.choices(communes, weights)[0] for _ in range(LEARNERS)]
copy("accounts_user", ["id", "password", "is_superuser", "email", "first_name", "last_name", "is_staff", "is_active", "date_joined"],
     ((base + i, "!", "f", f"l{{i}}@bench.invalid", "An", "Nguyễn Văn", "f", "t", ts(200)) for i in range(LEARNERS)))
copy("accounts_learnerprofile", ["id", "user_id", "commune_id", "audience_group", "gender", "workplace"],
     ((base + i, base + i, learner_commune[i], groups[i % len(groups)], "", "") for i in range(LEARNERS)))
completed_course = {{}}
def enrolments():
    n = 0
    for i in range(LEARNERS):
        for c in courses:
            n += 1
            done = random.random() < 0.35
            completed_course[(i, c)] = done
            yield (base + n, base + i, c, ts(random.randint(1, 120)), ts(random.randint(0, 60)) if done else None)
copy("courses_enrolment", ["id", "learner_id", "course_id", "enrolled_at", "completed_at"], enrolments())
def progress():
    n = 0
    for i in range(LEARNERS):
        for course_id, lesson_id in lessons:
            n += 1
            done = completed_course[(i, course_id)] or random.random() < 0.3
            yield (base + n, base + i, lesson_id, 10.0, 100.0 if done else 40.0, 120.0, 5, 5000, ts(3), 6,
                   ts(2) if done else None, ts(2))
copy("courses_lessonprogress", ["id", "learner_id", "lesson_id", "position_seconds", "watched_until", "duration_seconds",
     "last_seq", "last_client_ms", "last_report_at", "reports", "completed_at", "updated_at"], progress())
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        for table in ("accounts_user", "accounts_learnerprofile", "courses_enrolment", "courses_lessonprogress"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{{table}}', 'id'), (SELECT MAX(id) FROM {{table}}))")
            cursor.execute(f"ANALYZE {{table}}")
    cursor.execute("SELECT COUNT(*) FROM courses_lessonprogress")
    progress_rows = cursor.fetchone()[0]
    cursor.execute("SELECT COUNT(*) FROM courses_enrolment")
    enrolment_rows = cursor.fetchone()[0]
print(f"SEED learners={{LEARNERS}} enrolments={{enrolment_rows}} progress={{progress_rows}} in {{time.monotonic() - started:.1f}} s")
"""

TIME_REPORT = r"""
import statistics, time
from django.test.utils import setup_test_environment
setup_test_environment()  # lets the test client see the template context
from django.contrib.auth.models import Group
from django.test import Client
from accounts import roles
from accounts.models import AdministrativeUnit, LearnerProfile, User

from django.db.models import Count
busiest = (LearnerProfile.objects.values("commune").annotate(n=Count("id")).order_by("-n").first())["commune"]
officer = User.objects.create_user(email="officer@bench.invalid", password=None)
officer.groups.add(Group.objects.get(name=roles.COMMUNE_OFFICERS))
LearnerProfile.objects.create(user=officer, commune_id=busiest)
organiser = User.objects.create_user(email="organiser@bench.invalid", password=None)
organiser.groups.add(Group.objects.get(name=roles.CONTEST_ORGANISERS))
for name, user in (("commune_officer", officer), ("organiser_province", organiser)):
    client = Client()
    client.force_login(user)
    client.get("/cms/hoc-tap/bao-cao/")  # warm-up: connections, templates, planner caches
    runs = []
    for _ in range(3):
        began = time.perf_counter()
        response = client.get("/cms/hoc-tap/bao-cao/")
        runs.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    learners = sum(r["learners"] for r in response.context["communes"])
    print(f"REPORT {{name}} median={{statistics.median(runs):.3f}} learners_in_scope={{learners}}")
"""


def run_django(env, code):
    result = subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-5000:])
        raise SystemExit(f"bench step failed ({result.returncode})")
    return result.stdout


def bench_progress(env, clients, seconds):
    out = run_django(env, SETUP_LEARNERS.replace("range(N)", f"range({clients})"))
    setup = json.loads(out.split("JSON", 1)[1])
    lesson, sessions = setup["lesson"], setup["clients"]
    path = f"/api/khoa-hoc/tien-do/{lesson}/"
    seqs = [0] * clients
    lock = threading.Lock()
    began = int(time.time() * 1000)

    event = ["tick"]

    def body_for(index):
        with lock:
            seqs[index] += 1
            seq = seqs[index]
        return json.dumps({"token": sessions[index]["token"], "seq": seq, "t": began + seq, "position": seq * 0.01,
                           "event": event[0], "duration": 600})

    def headers_for(index):
        return {"Cookie": f"sessionid={sessions[index]['session']}", "Content-Type": "text/plain;charset=UTF-8"}

    with gunicorn(env) as port:
        load(port, "/bench/bare/", clients=4, seconds=1)  # warm up
        bare, bare_p95, bare_errors = load(port, "/bench/bare/", clients=clients, seconds=seconds)
        rps, p95, errors = load(port, path, clients=clients, seconds=seconds, method="POST", body_for=body_for,
                                headers_for=headers_for)
        sent = sum(seqs)
        event[0] = "pause"  # the synchronous path: one transaction with select_for_update per report
        sync_rps, sync_p95, sync_errors = load(port, path, clients=clients, seconds=seconds, method="POST",
                                               body_for=body_for, headers_for=headers_for)
    print(f"bare      {bare:8.1f} req/s  p95 {bare_p95:7.1f} ms  errors {bare_errors}")
    print(f"progress  {rps:8.1f} req/s  p95 {p95:7.1f} ms  errors {errors}  ({sent} tick reports sent)")
    print(f"MEASURE progress_sync_vs_bare={sync_rps / bare:.3f}  (pause/end reports applied in the request: "
          f"{sync_rps:.0f} req/s p95 {sync_p95:.0f} ms errors {sync_errors})")
    if os.environ.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).delete("courses:progress-queue")  # no worker ran in the bench
    return rps, bare, p95, errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--learners", type=int, default=None)
    parser.add_argument("--only", choices=["progress", "report"], default=None)
    args = parser.parse_args()
    seconds = 4 if args.quick else 10
    learners = args.learners or (20_000 if args.quick else 200_000)
    results = {}
    with bench_database() as db_url:
        env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "portal.settings.local",
               "DEBUG": "false", "BENCH_ENDPOINTS": "true", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
               "PAGE_CACHE_SECONDS": "0", "LOG_LEVEL": "ERROR"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        backend = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
        manage(env, "migrate", "--noinput")
        rps = bare = p95 = errors = 0
        if args.only != "report":
            rps, bare, p95, errors = bench_progress(env, args.clients, seconds)
        if args.only == "progress":
            target("progress_vs_bare", rps / bare, ">=", 0.5, note=f"progress only, {rps:.0f} vs {bare:.0f} req/s")
            return
        seed_out = run_django(env, SEED_REPORT.format(learners=learners))
        print(seed_out.strip().splitlines()[-1])
        for line in run_django(env, TIME_REPORT.format()).splitlines():
            if line.startswith("REPORT"):
                print(line)
                name, median = line.split()[1], float(line.split()[2].split("=")[1])
                results[name] = median
    seed_line = seed_out.strip().splitlines()[-1]
    if bare:
        target("progress_vs_bare", rps / bare, ">=", 0.5,
           note=f"progress {rps:.0f} req/s p95 {p95:.0f} ms errors {errors}, bare {bare:.0f} req/s, {args.clients} clients, "
                f"{seconds} s, gunicorn 2x4 gthread, {backend}")
    print(f"MEASURE organiser_province_report={results['organiser_province']:.3f}s  (all communes; {seed_line})")
    target("commune_report_seconds", results["commune_officer"], "<", 1.0, unit="s",
           note=f"median of 3 admin GETs after a warm-up, busiest commune, {seed_line}, {backend}")


if __name__ == "__main__":
    main()
