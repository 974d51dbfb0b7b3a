from django.db import migrations


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from accounts.roles import EDITORS, MODERATORS, sync_roles

    # Wagtail's own "Editors" and "Moderators" groups already hold page, image and document
    # permissions on the root; they become our roles rather than sitting beside them.
    Group = apps.get_model("auth", "Group")
    for wagtail_name, ours in (("Editors", EDITORS), ("Moderators", MODERATORS)):
        if not Group.objects.filter(name=ours).exists():
            Group.objects.filter(name=wagtail_name).update(name=ours)

    # Permissions normally appear after all migrations; create the ones that exist so far.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
        app_config.models_module = None
    sync_roles(apps=apps, using=schema_editor.connection.alias)


def remove_roles(apps, schema_editor):
    from accounts.roles import ROLE_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0005_add_page_lock_permission_to_moderators"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
