"""Create the two editorial groups and their permissions.

Rédaction writes drafts; Publication also publishes and unpublishes.
Permissions are created here (not only after migrate) so the groups are complete
on the first run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "communiques": ["communique", "quote", "presscontact", "presscontactphone",
                    "communiquecontact", "theme"],
    "partners": ["organisation", "person", "mandate", "referenceframework", "pactkind",
                 "territorialpact", "pactaxis", "pactsignatory", "pactattendee", "pactfunding"],
}

GROUPS = {
    "Rédaction": {"actions": ["view", "add", "change"], "extra": []},
    "Publication": {
        "actions": ["view", "add", "change", "delete"],
        "extra": [("communiques", "publish_communique")],
    },
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, spec in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in CONTENT_MODELS.items()
            for model in models
            for action in spec["actions"]
        ] + spec["extra"]
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0002_mandate_no_overlap_postgres"),
        ("communiques", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
