# Routes of this app that people read, in every language: Vietnamese unprefixed, others under
# /<code>/ (included inside i18n_patterns in portal/urls.py, before Wagtail's catch-all).
from django.urls import path

from . import views

app_name = "courses_pages"
urlpatterns = [
    path("viec-hoc-cua-toi/", views.my_learning, name="my-learning"),
    path("chung-nhan/<str:code>/", views.verify, name="verify"),
]
