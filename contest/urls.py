# Language-neutral routes of this app: the JSON API (docs at /api/contest/docs, schema at
# /api/contest/openapi.json). Pages are Wagtail pages and contest/urls_i18n.py.
from django.urls import path

from .api import api

urlpatterns = [
    path("api/contest/", api.urls),
]
