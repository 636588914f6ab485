from django.db import migrations, models

from grandest_press.text import fold


def fold_existing_names(apps, schema_editor):
    # The same folding as Organisation.save() (partners.models.fold_name).
    Organisation = apps.get_model("partners", "Organisation")
    organisations = list(Organisation.objects.all())
    for organisation in organisations:
        organisation.folded_name = fold(organisation.name, separator=" ")[:200]
        organisation.folded_short_name = fold(organisation.short_name, separator=" ")[:60]
    Organisation.objects.bulk_update(
        organisations, ["folded_name", "folded_short_name"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_images_and_pact_attachments"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="folded_name",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="organisation",
            name="folded_short_name",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=60),
        ),
        migrations.RunPython(fold_existing_names, migrations.RunPython.noop),
    ]
