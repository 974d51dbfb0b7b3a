from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Khóa học")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtailmedia.models import get_media_model

        from accounts import roles

        from . import services, video

        # Editors keep the competency taxonomy; synced into the role groups after each migrate.
        for role in (roles.EDITORS, roles.MODERATORS):
            for perm in ("courses.add_competencyarea", "courses.change_competencyarea"):
                if perm not in roles.ROLE_PERMISSIONS[role]:
                    roles.ROLE_PERMISSIONS[role].append(perm)

        from portal import home_sections

        from .home import featured_courses

        home_sections.register("courses", featured_courses, order=10)
        post_save.connect(video.media_saved, sender=get_media_model(), dispatch_uid="courses-media-saved")
        try:
            from quiz.signals import sitting_finished
        except ImportError:  # the quiz engine is not merged yet
            return
        sitting_finished.connect(services.on_sitting_finished, dispatch_uid="courses-sitting-finished")
