from django.urls import path

from .feeds import NewsFeed

urlpatterns = [
    path("rss/<str:language>/", NewsFeed(), name="content-rss"),
    path("rss/<str:language>/<slug:category>/", NewsFeed(), name="content-rss-category"),
]
