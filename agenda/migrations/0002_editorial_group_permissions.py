"""The editorial groups get the invitations' permissions, as they have the releases'."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Rédaction": ["add_invitation", "change_invitation", "view_invitation", "view_invitationevent"],
    "Publication": [
        "add_invitation",
        "change_invitation",
        "delete_invitation",
        "view_invitation",
        "publish_invitation",
        "view_invitationevent",
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
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="agenda", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="agenda", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0001_invitations"),
        ("communiques", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
