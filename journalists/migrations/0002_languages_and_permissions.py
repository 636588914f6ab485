"""Seed the usual languages of the regional press and give the editorial groups the
directory and the sendings: Rédaction keeps the directory up to date and prepares
sendings; Publication may also delete, exclude addresses and launch sendings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LANGUAGES = [
    ("fr", "Français"),
    ("de", "Allemand"),
    ("en", "Anglais"),
    ("lb", "Luxembourgeois"),
    ("nl", "Néerlandais"),
    ("it", "Italien"),
    ("es", "Espagnol"),
]
MODELS = [
    "media",
    "journalist",
    "journalistemail",
    "journalistphone",
    "recipientlist",
    "segment",
    "language",
    "sending",
]
ACTIONS = {
    "Rédaction": ["view", "add", "change"],
    "Publication": ["view", "add", "change", "delete"],
}
EXTRA = {
    "Rédaction": ["view_suppression", "view_delivery"],
    "Publication": ["view_suppression", "add_suppression", "view_delivery", "launch_sending"],
}


def permissions(apps, group_name):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS[group_name]]
    return Permission.objects.filter(
        content_type__app_label="journalists", codename__in=codenames + EXTRA[group_name]
    )


def seed(apps, schema_editor):
    Language = apps.get_model("journalists", "Language")
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})
    app_config = apps.get_app_config("journalists")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ACTIONS):
        group.permissions.add(*permissions(apps, group.name))


def unseed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ACTIONS):
        group.permissions.remove(*permissions(apps, group.name))


class Migration(migrations.Migration):
    dependencies = [
        ("journalists", "0001_directory"),
        ("communiques", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
