"""Give the editorial groups the permissions of the workflow's new models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Rédaction": ["view_communiqueevent", "view_correction"],
    "Publication": [
        "view_communiqueevent",
        "view_correction",
        "add_previewlink",
        "change_previewlink",
        "view_previewlink",
        "view_previewopening",
    ],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.get(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="communiques", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="communiques", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [("communiques", "0003_editorial_workflow")]

    operations = [migrations.RunPython(grant, revoke)]
