"""The roles, as Wagtail groups. Each role is a name and the permissions it needs; `sync_roles`
makes the database match, so a migration creates them and every later migrate (which may add
models and so permissions) tops them up. Apps add their permissions to ROLE_PERMISSIONS."""

from django.utils.translation import gettext_lazy as _

ADMINISTRATORS = "Quản trị viên"
EDITORS = "Biên tập viên"
MODERATORS = "Kiểm duyệt viên"
CONTEST_ORGANISERS = "Ban tổ chức cuộc thi"
COMMUNE_OFFICERS = "Cán bộ xã, phường"

ROLE_DESCRIPTIONS = {
    ADMINISTRATORS: _("Quản trị toàn bộ hệ thống: người dùng, nhóm, cài đặt."),
    EDITORS: _("Soạn tin, văn bản, sự kiện, khóa học; gửi duyệt."),
    MODERATORS: _("Duyệt và xuất bản nội dung do biên tập viên gửi."),
    CONTEST_ORGANISERS: _("Ngân hàng câu hỏi, đợt thi, xếp hạng, giải thưởng, xuất kết quả."),
    COMMUNE_OFFICERS: _("Xem và xuất số liệu của riêng xã, phường mình."),
}

_ADMIN = ["wagtailadmin.access_admin"]
_MEDIA = [
    "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
    "wagtailmedia.add_media", "wagtailmedia.change_media",
]

# "app_label.codename" per role; a permission whose model does not exist yet is skipped and added
# by the post_migrate sync once it does. Page permissions (add/change/publish under the home page)
# are granted in content's migrations, where the pages are.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    ADMINISTRATORS: ["*"],
    EDITORS: _ADMIN + _MEDIA + [
        "wagtail_localize.submit_translation",
    ],
    MODERATORS: _ADMIN + _MEDIA + [
        "wagtail_localize.submit_translation",
        "wagtailimages.delete_image", "wagtaildocs.delete_document", "wagtailmedia.delete_media",
    ],
    CONTEST_ORGANISERS: _ADMIN + [
        "wagtailimages.add_image", "wagtailimages.choose_image",
        "accounts.view_all_communes", "accounts.view_personal_data",
    ],
    COMMUNE_OFFICERS: _ADMIN + [
        "accounts.view_commune_reports",
    ],
}


def sync_roles(apps=None, using="default"):
    """Create each role's group and give it exactly the permissions listed that exist now."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        if perms == ["*"]:
            wanted = Permission.objects.using(using).all()
        else:
            wanted = Permission.objects.using(using).none()
            for dotted in perms:
                app_label, codename = dotted.split(".", 1)
                wanted = wanted | Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
        group.permissions.add(*wanted)


def sync_roles_after_migrate(sender, using="default", apps=None, **kwargs):
    from django.contrib.auth.management import create_permissions

    if apps is None or not apps.is_installed("auth"):
        return
    # Permissions of the app just migrated are created by another post_migrate receiver that may
    # run after this one; create them first so the sync can see them.
    create_permissions(sender, verbosity=0, using=using, apps=apps)
    sync_roles(apps=apps, using=using)
