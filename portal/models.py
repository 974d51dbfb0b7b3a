from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import register_snippet


class HomePage(Page):
    """The site's root page, one per language (wagtail-localize translates it)."""

    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count_per_parent = 1

    def route(self, request, path_components):
        """Find the page a URL names in one indexed lookup by url_path instead of Wagtail's walk
        down the tree (two queries per level). Pages that route their own sub-paths (routable
        pages) do not match a url_path and fall back to the walk."""
        if path_components:
            from django.core.cache import cache

            from .page_cache import current_generation

            url_path = self.url_path + "/".join(path_components) + "/"
            # Remembered until the next publish (which bumps the generation), like rendered pages.
            key = f"route:{current_generation(request)}:{hash(url_path)}"
            page = cache.get(key)
            if page is None:
                found = Page.objects.filter(url_path=url_path).first()
                page = found.specific if found is not None else False
                if page and hasattr(page, "prepare_for_route_cache"):
                    page.prepare_for_route_cache()
                cache.set(key, page, 600)
            if page:
                return page.route(request, [])
        return super().route(request, path_components)

    class Meta:
        verbose_name = _("trang chủ")


@register_snippet
class Footer(TranslatableMixin, models.Model):
    """The site footer per language: who runs the site, contact, legal notes."""

    text = RichTextField(_("nội dung chân trang"), features=["bold", "italic", "link"])

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("chân trang")
        verbose_name_plural = _("chân trang")

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.locale})"
