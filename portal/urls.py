from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .health import healthz
from .robots import robots_txt
from .sitemap import sitemap_view

# Language-neutral URLs: admin, health, APIs, files.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_view, name="sitemap"),
    path("cms/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("content.urls")),
    path("", include("quiz.urls")),
    path("", include("contest.urls")),
    path("", include("courses.urls")),
    path("", include("search.urls")),
]

# Pages and forms people read: Vietnamese unprefixed, every other language under /<code>/.
urlpatterns += i18n_patterns(
    path("tai-khoan/", include("accounts.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("content.urls_i18n")),
    path("", include("quiz.urls_i18n")),
    path("", include("contest.urls_i18n")),
    path("", include("courses.urls_i18n")),
    path("", include("search.urls_i18n")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.BENCH_ENDPOINTS:
    from django.http import HttpResponse

    def bare(request):
        return HttpResponse("ok", content_type="text/plain")

    urlpatterns.insert(0, path("bench/bare/", bare))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
