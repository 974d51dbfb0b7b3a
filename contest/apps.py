from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Cuộc thi")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import home_sections

        from .home import running_contests

        home_sections.register("contest", running_contests, order=20)
