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
