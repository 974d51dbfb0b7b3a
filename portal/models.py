from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import register_snippet


class TargetBlock(blocks.StructBlock):
    """One of the movement's targets (the plans' "Tiêu chí") with the figure reached so far."""

    label = blocks.CharBlock(label=_("mục tiêu"), max_length=200)
    goal = blocks.DecimalBlock(label=_("chỉ tiêu (%)"), min_value=0, max_value=100, decimal_places=1)
    reached = blocks.DecimalBlock(label=_("đã đạt (%)"), min_value=0, max_value=100, decimal_places=1)
    as_of = blocks.DateBlock(label=_("số liệu tính đến ngày"))
    source = blocks.CharBlock(label=_("nguồn số liệu"), max_length=200, required=False)

    class Meta:
        icon = "list-ul"
        label = _("mục tiêu")
        template = "portal/blocks/target.html"


class HomePage(Page):
    """The site's root page, one per language (wagtail-localize translates it)."""

    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link"])
    featured_news = StreamField(
        [("news", blocks.PageChooserBlock(label=_("tin"), page_type="content.NewsPage"))],
        verbose_name=_("tin nổi bật"), blank=True, max_num=3,
        help_text=_("Tối đa 3 tin đặt lên đầu trang chủ; để trống thì hiện tin mới nhất."),
    )
    targets = StreamField(
        [("target", TargetBlock())], verbose_name=_("mục tiêu của phong trào"), blank=True,
        help_text=_("Cập nhật tỷ lệ đã đạt khi có số liệu mới; trang chủ hiện thanh tiến độ."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("featured_news"), FieldPanel("targets")]

    def get_context(self, request, *args, **kwargs):
        from .home_sections import render_context

        context = super().get_context(request, *args, **kwargs)
        context["featured"] = [
            block.value.specific for block in self.featured_news
            if block.value is not None and block.value.live
        ]
        context["home_sections"] = render_context(request, self.locale)
        return context
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
