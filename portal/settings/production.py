"""Production: secrets have no default (a missing one stops the start), HTTPS everywhere."""

from .base import *  # noqa: F401,F403
from .base import env

SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DEBUG = env.bool("DEBUG", default=False)
DEMO_CONTENT_ALLOWED = False  # demo users have public passwords

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the orchestrator probes over plain HTTP
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview panel frames our own pages

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Wagtail's own jobs go to a real queue. django-tasks-celery (the Celery bridge) needs Python 3.12
# and these machines run 3.11, so the queue is django-tasks-db: a table in the same PostgreSQL,
# worked by `manage.py db_worker` (the "tasks" service in docker-compose.yml). Jobs survive restarts
# and leave the request at once.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

SILENCED_SYSTEM_CHECKS = [
    # Wagtail's live preview shows our own pages in an iframe of the admin; SAMEORIGIN still
    # blocks every other site from framing us.
    "security.W019",
    # Joining the browsers' HSTS preload list is a decision for the owner of the domain (hard to
    # undo); it is switched on with SECURE_HSTS_PRELOAD=true, not by default.
    "security.W021",
]
