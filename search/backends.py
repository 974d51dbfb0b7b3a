"""Search backends. The Elasticsearch one is used when ELASTICSEARCH_URL is set and reachable;
otherwise the database backend answers."""

from django.conf import settings


def elasticsearch_available(timeout: float = 1.0) -> bool:
    if not settings.ELASTICSEARCH_URL:
        return False
    from elasticsearch import Elasticsearch

    try:
        client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=timeout, max_retries=0)
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - unreachable in any way means "not available"
        return False
