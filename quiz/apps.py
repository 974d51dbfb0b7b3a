from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_BANK = [f"quiz.{action}_{model}" for model in ("category", "question", "quiz")
         for action in ("add", "change", "delete", "view")]


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = _("Ngân hàng câu hỏi")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import roles

        # Organisers run the bank and mark essays; editors write course quizzes but do not mark.
        # accounts' post_migrate sync gives the groups these permissions.
        for role, perms in ((roles.CONTEST_ORGANISERS, _BANK + ["quiz.mark_essay"]),
                            (roles.EDITORS, [p for p in _BANK if not p.startswith("quiz.delete_")])):
            current = roles.ROLE_PERMISSIONS.setdefault(role, [])
            current.extend(p for p in perms if p not in current)
