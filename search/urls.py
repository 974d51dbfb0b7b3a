# Language-neutral routes of this app (APIs, exports, beacons). Pages are Wagtail pages.
urlpatterns = []
