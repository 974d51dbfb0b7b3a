import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
application = get_wsgi_application()

# Load every URL module (and so the views and APIs) now, then move what start-up made out of
# the garbage collector's sight: a full collection of a loaded Wagtail process walks some 200,000
# objects (~150 ms with every thread of the worker stopped, a few times a minute under load);
# frozen, it walks only what requests leave behind.
get_resolver().url_patterns
gc.freeze()
