# Routes of this app that people read, in every language: Vietnamese unprefixed, others under
# /<code>/ (included inside i18n_patterns in portal/urls.py, before Wagtail's catch-all).
from django.urls import path

from .views import search_page

urlpatterns = [path("tim-kiem/", search_page, name="search-page")]
