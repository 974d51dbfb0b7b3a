from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và địa bàn")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import roles

        # Apps migrated after accounts add models whose permissions the roles need; re-sync the
        # groups after every migrate so a role never lacks a permission that exists.
        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")


class AccountsUsersConfig(WagtailUsersAppConfig):
    """wagtail.users with admin forms that know phone numbers and Vietnamese full names."""

    user_viewset = "accounts.admin_views.UserViewSet"
