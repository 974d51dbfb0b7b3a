"""/healthz: what a load balancer or an operator needs to know at a glance. 200 when the site can
serve (database and cache/broker answer; search may be degraded because the database backend takes
over), 503 when it cannot."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _timed(check):
    started = time.perf_counter()
    try:
        status, detail = check()
    except Exception as error:  # noqa: BLE001 - any failure of a dependency is a status, not a 500
        status, detail = "down", f"{type(error).__name__}: {error}"[:200]
    return {"status": status, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok", connection.vendor


def check_cache():
    key = "healthz:probe"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        return "down", "cache did not return what was stored"
    return "ok", cache.__class__.__name__


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok", "eager (no broker configured)"
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
    client.ping()
    return "ok", "redis"


def check_search():
    """Elasticsearch when configured; 'degraded' when it is configured but unreachable, since
    search then answers from the database backend."""
    if not settings.ELASTICSEARCH_URL:
        return "ok", "database backend"
    from search.backends import elasticsearch_available

    if elasticsearch_available():
        return "ok", "elasticsearch"
    return "degraded", "elasticsearch unreachable; database backend answering"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker, "search": check_search}
CRITICAL = {"database", "cache", "broker"}


@never_cache
def healthz(request):
    results = {name: _timed(check) for name, check in CHECKS.items()}
    down = [name for name, r in results.items() if r["status"] == "down" and name in CRITICAL]
    degraded = [name for name, r in results.items() if r["status"] != "ok"]
    overall = "down" if down else ("degraded" if degraded else "ok")
    if overall != "ok":
        logger.warning("health check %s", overall, extra={"checks": results})
    return JsonResponse({"status": overall, "checks": results}, status=503 if down else 200)
