"""Settings shared by every environment. Everything that differs between machines comes from the
environment (see the configuration table in README.md); the defaults are the embedded ones that
`make run` uses: SQLite under var/, no Redis (eager Celery, local-memory cache), database search."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional, never committed


def _development_secret_key() -> str:
    """A key generated once per checkout into var/, so development needs no configuration and no
    key is ever committed. Production settings refuse to start without SECRET_KEY."""
    from django.core.management.utils import get_random_secret_key

    VAR_DIR.mkdir(exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default=None) or _development_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "accounts.apps.AccountsConfig",
    "content",
    "quiz",
    "contest",
    "courses",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.AccountsUsersConfig",  # wagtail.users with our user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_altcha",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.page_cache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# Off by default, as in Django: the check is one more round trip on every request that uses the
# database (a sixth of a contest submit). Without it, a connection broken by a database restart
# fails one request and is then replaced.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several readers and one writer without "database is locked" under the dev server.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # quiz's position constraints are deferrable (reordering in the admin swaps positions); SQLite
    # cannot defer, so Django skips them there. PostgreSQL, the production database, has them.
    SILENCED_SYSTEM_CHECKS = ["models.W038"]
if env("TEST_DATABASE_NAME", default=None):
    # Lets two checkouts run the suite against one PostgreSQL server at once.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker and result backend ---------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="hvs"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds an anonymous reader's page stays cached (portal/page_cache.py); 0 turns it off. On by
# default only with Redis, where every web worker shares one cache and one invalidation.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300 if REDIS_URL else 0)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # no broker: run tasks in-process
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs. Apps add theirs here, one line each; the schedule lives in settings so that
# operators see every recurring job in one place.
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {"task": "portal.tasks.publish_scheduled_pages", "schedule": 60},
    # courses: apply queued player progress reports (courses/progress_queue.py)
    "courses-apply-queued-progress": {"task": "courses.tasks.apply_queued_progress", "schedule": 2},
    "prune-task-results": {
        "task": "portal.tasks.prune_task_results",
        "schedule": 60 * 60 * 24,
    },
    # --- contest (contest-core) ---
    "contest-expire-overdue-attempts": {"task": "contest.tasks.attempt_expire_overdue", "schedule": 60},
    "contest-process-deletions": {"task": "contest.tasks.entrant_process_deletions", "schedule": 60 * 60},
    # --- end contest ---
}
# --- search (branch search): nightly check of the search index against the database ---
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["search-repair-index"] = {"task": "search.tasks.repair_index",
                                               "schedule": crontab(hour=2, minute=30)}
# --- end search ---

# Wagtail's own background work (search index and reference index updates, file deletion) goes
# through django-tasks. Development runs it in the request; production puts it on a real queue
# (django-tasks-db, worked by `manage.py db_worker`; see production.py for why not Celery).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

# --- Search -------------------------------------------------------------------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="hocvuso")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- contest (contest-core): django-altcha signs its self-hosted proof-of-work challenges ---
ALTCHA_HMAC_KEY = env("ALTCHA_HMAC_KEY", default=None) or SECRET_KEY
# --- end contest ---

# --- Users ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.PhoneOrEmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# bench/ scripts switch on a bare view (/bench/bare/) to measure the server's own ceiling.
BENCH_ENDPOINTS = env.bool("BENCH_ENDPOINTS", default=False)
# seed_demo creates users with public passwords; production.py turns this off.
DEMO_CONTENT_ALLOWED = True
# Province whose units the site serves by default (Đồng Nai = 75, the official GSO code).
PROVINCE_CODE = env("PROVINCE_CODE", default="75")

# --- Internationalisation -------------------------------------------------------------------
# Vietnamese is the source language; English is on by default. To add a language, append it
# here (and to WAGTAIL_CONTENT_LANGUAGES below) — README "Adding a language" explains custom codes
# for ethnic-minority languages.
LANGUAGE_CODE = "vi"
CONTENT_LANGUAGES = env.list("CONTENT_LANGUAGES", default=["vi", "en"])
_LANGUAGE_NAMES = {
    "vi": "Tiếng Việt",
    "en": "English",
    "km": "ភាសាខ្មែរ",
    "zh-hans": "简体中文",
}
# Names for codes Django does not know (an ethnic-minority language), e.g. LANGUAGE_NAMES=cmo:Bhnông
_LANGUAGE_NAMES.update(item.split(":", 1) for item in env.list("LANGUAGE_NAMES", default=[]))
LANGUAGES = [(code, _LANGUAGE_NAMES.get(code, code)) for code in CONTENT_LANGUAGES]


def _register_custom_languages():
    """Django refuses language codes missing from its LANG_INFO; teach it the custom ones."""
    from django.conf.locale import LANG_INFO

    for code, name in LANGUAGES:
        LANG_INFO.setdefault(code, {"bidi": False, "code": code, "name": name, "name_local": name})


_register_custom_languages()
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Extra catalogue folders, e.g. a province's own catalogue of an ethnic-minority language mounted
# beside the code. Django serves a language only if some catalogue for it exists.
LOCALE_PATHS = [BASE_DIR / "locale", *env.list("EXTRA_LOCALE_PATHS", default=[])]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # no collectstatic needed for `make run`; production collects anyway
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Học vụ số <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("SITE_NAME", default="Học vụ số Đồng Nai")
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "doc", "xls"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILMEDIA = {"MEDIA_MODEL": "wagtailmedia.Media"}

# --- Logging: one JSON object per line on stdout ----------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": LOG_LEVEL},
    },
}
