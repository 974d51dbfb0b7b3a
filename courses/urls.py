# Language-neutral routes of this app (APIs, exports, beacons). Pages are Wagtail pages.
from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("api/khoa-hoc/tien-do/<int:lesson_id>/", views.progress_beacon, name="progress"),
    path("khoa-hoc/bai/<int:lesson_id>/da-doc/", views.mark_read, name="mark-read"),
    path("khoa-hoc/phu-de/<int:caption_id>.vtt", views.caption_vtt, name="caption"),
    path("khoa-hoc/chung-nhan/<str:code>.pdf", views.certificate_pdf, name="certificate-pdf"),
]
