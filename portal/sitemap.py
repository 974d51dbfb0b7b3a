"""sitemap.xml covering every language's page tree, each URL listing its translations
(xhtml:link hreflang), so search engines find the English (and later) versions."""

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Page.objects.none()
        for home in Page.objects.filter(translation_key=root.translation_key):
            trees = trees | Page.objects.descendant_of(home, inclusive=True)
        return trees.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        pages = {p.get_full_url(self.request): p for p in self.paginator.page(page).object_list}
        keys = {p.translation_key for p in pages.values()}
        translations = {}
        for other in Page.objects.live().public().filter(translation_key__in=keys).select_related("locale"):
            translations.setdefault(other.translation_key, []).append(other)
        for url in urls:
            current = pages.get(url["location"])
            siblings = translations.get(current.translation_key, []) if current else []
            if len(siblings) > 1:
                url["alternates"] = [{"lang_code": p.locale.language_code, "location": p.get_full_url(self.request)}
                                     for p in siblings]
        return urls


def sitemap_view(request):
    from wagtail.contrib.sitemaps.views import sitemap

    return sitemap(request, sitemaps={"pages": MultilingualSitemap(request)})
