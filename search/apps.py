from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app declares what it indexes in <app>/search_index.py (see search/registry.py).
        autodiscover_modules("search_index")
        from . import signals

        signals.connect_all()
        signals.connect_synonyms()
