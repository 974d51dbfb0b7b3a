import datetime as dt

from celery import shared_task
from django.db import connection
from django.utils import timezone


@shared_task
def ping(payload: str) -> dict:
    """Round trip through the broker, a worker and the result backend (used by the health check's
    tests and by operators: `celery -A portal call portal.tasks.ping --args='["x"]'`)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        db_ok = cursor.fetchone()[0] == 1
    return {"payload": payload, "database": db_ok, "at": timezone.now().isoformat()}


@shared_task
def prune_task_results(days: int = 14) -> int:
    """Delete finished django-tasks results older than `days` when the database queue is in use."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return 0
    DBTaskResult = apps.get_model("django_tasks_db", "DBTaskResult")
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return deleted


@shared_task
def publish_scheduled_pages() -> None:
    """Scheduled publishing: Wagtail publishes (and unpublishes) pages whose time has come when
    `publish_scheduled` runs; beat runs it every minute."""
    from django.core.management import call_command

    call_command("publish_scheduled")
