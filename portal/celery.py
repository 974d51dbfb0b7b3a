"""The Celery app. Configuration comes from Django settings with the CELERY_ prefix (broker and
result backend from REDIS_URL; eager when there is none); tasks are found in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
