"""Settings come from the environment. Each case imports the settings module in a fresh
interpreter, because Django settings are read once per process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def read_settings(module: str, env: dict, *names: str) -> dict:
    code = (
        "import json, importlib; s = importlib.import_module(%r); "
        "print(json.dumps({n: getattr(s, n) for n in %r}, default=str))" % (module, list(names))
    )
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG",
        "MEDIA_ROOT", "STATIC_ROOT", "EMAIL_URL", "TEST_DATABASE_NAME", "TASKS_BACKEND"}}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_defaults_without_any_environment():
    s = read_settings("portal.settings.local", {}, "DATABASES", "CACHES", "CELERY_TASK_ALWAYS_EAGER",
                      "ELASTICSEARCH_URL", "DEBUG", "TASKS")
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["DATABASES"]["default"]["NAME"].endswith("var/db.sqlite3")
    assert s["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert s["CELERY_TASK_ALWAYS_EAGER"] is True
    assert s["ELASTICSEARCH_URL"] == ""
    assert s["DEBUG"] is True
    assert s["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")


def test_services_come_from_environment_urls():
    s = read_settings(
        "portal.settings.base",
        {"DATABASE_URL": "postgres://u:p@db.internal:5433/hvs", "REDIS_URL": "redis://cache.internal:6380/2",
         "ELASTICSEARCH_URL": "http://es.internal:9200", "ALLOWED_HOSTS": "a.example,b.example",
         "MEDIA_ROOT": "/srv/media", "STATIC_ROOT": "/srv/static", "EMAIL_URL": "smtp://mail.internal:25"},
        "DATABASES", "CACHES", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CELERY_TASK_ALWAYS_EAGER",
        "ELASTICSEARCH_URL", "ALLOWED_HOSTS", "MEDIA_ROOT", "STATIC_ROOT", "EMAIL_HOST", "EMAIL_PORT",
    )
    db = s["DATABASES"]["default"]
    assert (db["ENGINE"], db["HOST"], db["PORT"], db["NAME"]) == ("django.db.backends.postgresql", "db.internal", 5433, "hvs")
    assert s["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert s["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6380/2"
    assert s["CELERY_BROKER_URL"] == s["CELERY_RESULT_BACKEND"] == "redis://cache.internal:6380/2"
    assert s["CELERY_TASK_ALWAYS_EAGER"] is False
    assert s["ELASTICSEARCH_URL"] == "http://es.internal:9200"
    assert s["ALLOWED_HOSTS"] == ["a.example", "b.example"]
    assert (s["MEDIA_ROOT"], s["STATIC_ROOT"]) == ("/srv/media", "/srv/static")
    assert (s["EMAIL_HOST"], s["EMAIL_PORT"]) == ("mail.internal", 25)


def test_development_secret_key_is_generated_once_into_var():
    first = read_settings("portal.settings.local", {}, "SECRET_KEY")["SECRET_KEY"]
    second = read_settings("portal.settings.local", {}, "SECRET_KEY")["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert (ROOT / "var" / "secret_key").read_text().strip() == first


def test_production_refuses_to_start_without_a_secret_key():
    code = "import portal.settings.production"
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY"}}
    env["ALLOWED_HOSTS"] = "hocvuso.example.org"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_passes_with_a_production_like_environment(tmp_path):
    base_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**base_env, "DJANGO_SETTINGS_MODULE": "portal.settings.production",
           "SECRET_KEY": "k3J9-qZ!vR2_wT8#mN5@pL1&xC7^bH4*dF6%sG0+yU-7aQe3Zr9", "ALLOWED_HOSTS": "hocvuso.example.org",
           "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("module", ["portal.settings.local", "portal.settings.test", "portal.settings.production"])
def test_no_secret_is_committed_in_settings(module):
    source = (ROOT / (module.replace(".", "/") + ".py")).read_text()
    assert "SECRET_KEY = \"" not in source and "SECRET_KEY = '" not in source
