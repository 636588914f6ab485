"""Give the editorial groups the permissions on images and attached documents."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    ("grandest_press", "image"),
    ("communiques", "communiqueattachment"),
    ("partners", "pactattachment"),
]
ACTIONS = {
    "Rédaction": ["view", "add", "change"],
    "Publication": ["view", "add", "change", "delete"],
}


def permissions(apps, group_name):
    Permission = apps.get_model("auth", "Permission")
    for app_label, model in MODELS:
        for action in ACTIONS[group_name]:
            yield Permission.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            )


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ACTIONS):
        group.permissions.add(*permissions(apps, group.name))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ACTIONS):
        group.permissions.remove(*permissions(apps, group.name))


class Migration(migrations.Migration):
    dependencies = [
        ("communiques", "0008_images_and_attachments"),
        ("partners", "0005_images_and_pact_attachments"),
        ("grandest_press", "0003_image"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
