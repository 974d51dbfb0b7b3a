"""Celery tasks that keep the index in step with the database."""

from celery import shared_task


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def sync_objects(kind_key: str, object_ids: list[str]) -> dict:
    from .indexing import sync_objects as sync

    return sync(kind_key, object_ids)


@shared_task
def repair_index() -> dict:
    """Nightly: compare the index with the database and repair drift (missing, stale, orphaned)."""
    from .maintenance import repair

    return repair()


@shared_task
def push_synonyms() -> bool:
    """Send the organisers' synonym list to Elasticsearch (its search analyzers reload it)."""
    from .backends import elasticsearch_backend

    es = elasticsearch_backend()
    if es is None:
        return False
    es.push_synonyms()
    return True
