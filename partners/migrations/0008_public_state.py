"""Partner records get a public state (private until published), and the Publication
group the permission to publish them. Which records are public already is decided by
communiques' migration, which reads the releases citing them."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.conf import settings
from django.db import migrations, models

CODENAMES = ["publish_organisation", "publish_person", "publish_territorialpact"]


def publishers_and_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="partners", codename__in=CODENAMES
    )
    return Group.objects.filter(name="Publication"), permissions


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    groups, permissions = publishers_and_permissions(apps)
    for group in groups:
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    groups, permissions = publishers_and_permissions(apps)
    for group in groups:
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0007_territory_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["name"],
                "permissions": [("publish_organisation", "Peut publier les organisations")],
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
            },
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["last_name", "first_name"],
                "permissions": [("publish_person", "Peut publier les personnalités")],
                "verbose_name": "personnalité",
                "verbose_name_plural": "personnalités",
            },
        ),
        migrations.AlterModelOptions(
            name="territorialpact",
            options={
                "ordering": ["-signing_date", "title"],
                "permissions": [
                    ("publish_territorialpact", "Peut publier les pactes territoriaux")
                ],
                "verbose_name": "pacte territorial",
                "verbose_name_plural": "pactes territoriaux",
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="explicitly_published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="publiée le"
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="public_since",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Vide : la fiche n’est pas publique. Renseignée à la publication de la fiche ou du premier communiqué qui la cite (à son heure, s’il est programmé).",
                null=True,
                verbose_name="public depuis le",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="publiée par",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="explicitly_published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="publiée le"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="public_since",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Vide : la fiche n’est pas publique. Renseignée à la publication de la fiche ou du premier communiqué qui la cite (à son heure, s’il est programmé).",
                null=True,
                verbose_name="public depuis le",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="publiée par",
            ),
        ),
        migrations.AddField(
            model_name="territorialpact",
            name="explicitly_published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="publiée le"
            ),
        ),
        migrations.AddField(
            model_name="territorialpact",
            name="public_since",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Vide : la fiche n’est pas publique. Renseignée à la publication de la fiche ou du premier communiqué qui la cite (à son heure, s’il est programmé).",
                null=True,
                verbose_name="public depuis le",
            ),
        ),
        migrations.AddField(
            model_name="territorialpact",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="publiée par",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
