# Routes of this app that people read, in every language: Vietnamese unprefixed, others under
# /<code>/ (included inside i18n_patterns in portal/urls.py, before Wagtail's catch-all).
urlpatterns = []
