"""One end-to-end test with a real Celery worker: the task goes through Redis, a worker process
runs it, and the result is stored in the Redis result backend."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from portal.celery import app
from portal.tasks import ping

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a real Redis (REDIS_URL); CI sets it"),
]


def test_real_worker_runs_a_task_and_stores_its_result():
    queue = f"test-{uuid.uuid4().hex[:12]}"  # private queue: no other worker or test can take it
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.local"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", queue, "--pool", "solo",
         "--concurrency", "1", "--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    app.conf.task_always_eager = False
    try:
        result = ping.apply_async(args=["xin chào"], queue=queue)
        value = result.get(timeout=60)
        assert value["payload"] == "xin chào"
        assert value["database"] is True
        # The stored result is readable by id from the backend, as another process would read it.
        stored = app.AsyncResult(result.id)
        assert stored.state == "SUCCESS"
        assert stored.result["payload"] == "xin chào"
        assert settings.CELERY_RESULT_BACKEND.startswith("redis://")
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
