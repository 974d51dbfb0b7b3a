# Language-neutral routes of this app: the JSON API.
from django.urls import path

from .api import api

urlpatterns = [path("api/search/", api.urls)]
