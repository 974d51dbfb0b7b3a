from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Cuộc thi")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import roles
        from portal import home_sections

        # Organisers create and edit rounds and quotas (contest/viewsets.py); synced after migrate.
        for model in ("round", "roundquota"):
            for action in ("add", "change", "delete", "view"):
                perm = f"contest.{action}_{model}"
                if perm not in roles.ROLE_PERMISSIONS[roles.CONTEST_ORGANISERS]:
                    roles.ROLE_PERMISSIONS[roles.CONTEST_ORGANISERS].append(perm)

        from . import signals
        from .home import running_contests

        signals.connect()

        home_sections.register("contest", running_contests, order=20)
