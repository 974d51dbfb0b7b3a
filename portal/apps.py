from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .page_cache import invalidate_page_cache

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(invalidate_page_cache, dispatch_uid=f"page-cache-{signal}")
        post_delete.connect(self._page_deleted, dispatch_uid="page-cache-delete")
        # Snippets (documents, categories, footer) show on pages too.
        from django.db.models.signals import post_save

        post_save.connect(self._snippet_changed, dispatch_uid="page-cache-snippet-save")
        post_delete.connect(self._snippet_changed, dispatch_uid="page-cache-snippet-delete")
        # The per-process Site memo (page_cache.remember_site) is keyed by the generation too.
        from wagtail.models import Site

        post_save.connect(invalidate_page_cache, sender=Site, dispatch_uid="page-cache-site-save")
        post_delete.connect(invalidate_page_cache, sender=Site, dispatch_uid="page-cache-site-delete")

    @staticmethod
    def _snippet_changed(sender, **kwargs):
        from wagtail.snippets.models import get_snippet_models

        from .page_cache import invalidate_page_cache

        if sender in get_snippet_models():
            invalidate_page_cache()

    @staticmethod
    def _page_deleted(sender, **kwargs):
        from wagtail.models import Page

        from .page_cache import invalidate_page_cache

        if issubclass(sender, Page):
            invalidate_page_cache()
