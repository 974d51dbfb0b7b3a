"""/healthz against real dependencies: up in-process, and down by starting the site in a separate
server process whose database or Redis URL points at a closed port."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthy_site_reports_ok_for_every_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok", "cache": "ok", "broker": "ok", "search": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CLOSED = "127.0.0.1:9"  # discard port: nothing listens there on these machines


@pytest.fixture
def serve(tmp_path):
    """Start gunicorn on the site with the given environment; return a GET function."""
    procs = []

    def start(**env_overrides):
        port = _free_port()
        env = {k: v for k, v in os.environ.items()
               if k not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.local", "DEBUG": "false",
                    "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", **env_overrides})
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "30"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(proc)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)

        def get():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=20) as r:
                    return r.status, json.loads(r.read())
            except urllib.error.HTTPError as error:
                return error.code, json.loads(error.read())

        return get

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def test_database_down_is_503_and_names_the_database(serve):
    status, body = serve(DATABASE_URL=f"postgres://nobody@{CLOSED}/none")()
    assert status == 503
    assert body["status"] == "down"
    assert body["checks"]["database"]["status"] == "down"


def test_redis_down_is_503_and_names_cache_and_broker(serve):
    status, body = serve(REDIS_URL=f"redis://{CLOSED}/0")()
    assert status == 503
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "down"
    assert body["checks"]["broker"]["status"] == "down"


def test_unreachable_elasticsearch_is_degraded_but_serving(serve):
    status, body = serve(ELASTICSEARCH_URL=f"http://{CLOSED}")()
    assert status == 200
    assert body["status"] == "degraded"
    assert body["checks"]["search"]["status"] == "degraded"
