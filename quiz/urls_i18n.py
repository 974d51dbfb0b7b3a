# Pages people read, in every language: Vietnamese unprefixed, others under /<code>/ (included
# inside i18n_patterns in portal/urls.py, before Wagtail's catch-all).
from django.urls import path

from . import views

app_name = "quiz"
urlpatterns = [
    path("kiem-tra/", views.quiz_list, name="list"),
    path("kiem-tra/tien-do/", views.progress, name="progress"),
    path("kiem-tra/ket-qua/<int:sitting_id>/", views.result, name="result"),
    path("kiem-tra/<slug:slug>/", views.take, name="take"),
    path("kiem-tra/<slug:slug>/nop-bai/", views.finish, name="finish"),
]
