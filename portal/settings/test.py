"""The test suite: the same settings as base with fast hashing and in-memory mail. DATABASE_URL and
REDIS_URL are honoured, so CI runs the suite on real PostgreSQL and Redis."""

import os

from .base import *  # noqa: F401,F403
from .base import CACHES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False
ALTCHA_TEST_MODE = True  # CAPTCHA tests that need the real verification turn this off

# Tasks run in-process so a test sees their effect; tests/portal/test_celery_worker.py turns this
# off and drives a real worker through Redis.
CELERY_TASK_ALWAYS_EAGER = True

# pytest-xdist workers share one Redis: each gets its own key prefix so clearing is per worker.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}-{_worker}"

# Pages are not cached in tests unless a test turns it on (tests/portal/test_page_cache.py).
PAGE_CACHE_SECONDS = 0
