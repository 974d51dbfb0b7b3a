# Routes of this app that people read, in every language: Vietnamese unprefixed, others under
# /<code>/ (included inside i18n_patterns in portal/urls.py, before Wagtail's catch-all). The
# contest itself is a Wagtail page (ContestPage); these are the entrant's steps around it.
from django.urls import path

from . import views

app_name = "contest"
urlpatterns = [
    path("cuoc-thi/<int:contest_id>/dang-ky/", views.register, name="register"),
    path("cuoc-thi/<int:contest_id>/du-lieu-cua-toi/", views.my_data, name="my_data"),
    path("cuoc-thi/dot/<int:round_id>/bat-dau/", views.round_start, name="round_start"),
    path("cuoc-thi/dot/<int:round_id>/bang-xep-hang/", views.leaderboard, name="leaderboard"),
    path("cuoc-thi/bai-thi/<int:attempt_id>/", views.take, name="take"),
    path("cuoc-thi/bai-thi/<int:attempt_id>/ket-qua/", views.result, name="result"),
]
