"""Publication applies or sends back the changes Rédaction proposes to live content."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def permission(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="grandest_press", codename="review_pendingrevision"
    )


def grant(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Publication"):
        group.permissions.add(permission(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Publication"):
        group.permissions.remove(permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("communiques", "0017_on_call_shift"),
        ("grandest_press", "0005_pending_revisions_and_review_comments"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
