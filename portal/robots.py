from django.http import HttpResponse
from django.views.decorators.cache import cache_page


@cache_page(60 * 60)
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /cms/", "Disallow: /django-admin/", "Disallow: /tai-khoan/",
             "Disallow: /api/", "Allow: /", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
