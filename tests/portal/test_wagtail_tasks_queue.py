"""Wagtail's own background jobs: immediate in development, queued in production (django-tasks-db)
and run by `manage.py db_worker`, not in the request."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

PRODUCTION_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_production_settings_use_the_database_queue():
    import importlib
    import os

    os.environ.setdefault("ALLOWED_HOSTS", "hocvuso.example.org")
    old = os.environ.get("SECRET_KEY")
    os.environ["SECRET_KEY"] = "k3J9-qZ!vR2_wT8#mN5@pL1&xC7^bH4*dF6%sG0+yU-7aQe3Zr9"
    try:
        production = importlib.import_module("portal.settings.production")
        assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    finally:
        if old is None:
            os.environ.pop("SECRET_KEY")
        else:
            os.environ["SECRET_KEY"] = old


@pytest.mark.django_db(transaction=True)
def test_page_publish_queues_wagtail_jobs_that_the_worker_then_runs():
    with override_settings(TASKS=PRODUCTION_TASKS):
        root = Page.get_first_root_node()
        page = root.add_child(instance=Page(title="Tin thử hàng đợi", slug="tin-thu-hang-doi"))
        page.save_revision().publish()
        queued = DBTaskResult.objects.filter(status="READY")
        assert queued.exists(), "publishing must enqueue, not run, Wagtail's jobs"
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO())
        assert not DBTaskResult.objects.filter(status="READY").exists()
        assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() >= 1
