"""Partner records turn private by default: those a published (or scheduled) release
cites are public from that release's publication time, the earliest if several.

The same rule as Communique.cited_records() and partners.services.make_public(), on the
models as they are at this point of the history."""

from django.db import migrations
from django.db.models import F, Q


def cited(apps, release):
    """(model, condition) of each kind of record `release` cites."""
    Organisation = apps.get_model("partners", "Organisation")
    Person = apps.get_model("partners", "Person")
    TerritorialPact = apps.get_model("partners", "TerritorialPact")
    Quote = apps.get_model("communiques", "Quote")
    quotes = Quote.objects.filter(communique=release)
    pacts = TerritorialPact.objects.filter(communiques=release).values("pk")
    return [
        (TerritorialPact, Q(pk__in=pacts)),
        (
            Person,
            Q(pk__in=quotes.values("speaker"))
            | Q(pact_signatures__pact__in=pacts)
            | Q(pact_attendances__pact__in=pacts),
        ),
        (
            Organisation,
            Q(communiques=release)
            | Q(pk__in=quotes.values("organisation"))
            | Q(press_contacts__communique_links__communique=release)
            | Q(territorial_pacts__in=pacts)
            | Q(pact_signatures__pact__in=pacts)
            | Q(pact_axes__pact__in=pacts),
        ),
    ]


def make_cited_records_public(apps, schema_editor):
    Communique = apps.get_model("communiques", "Communique")
    releases = Communique.objects.filter(status="published", published_at__isnull=False)
    for release in releases.order_by("published_at"):
        at = release.published_at
        for model, condition in cited(apps, release):
            ids = model.objects.filter(condition).values("pk")
            model.objects.filter(pk__in=ids).filter(
                Q(public_since__isnull=True) | Q(public_since__gt=at)
            ).update(public_since=at)
    # Pages cached before (a record now private among them) are not served again.
    ContentGeneration = apps.get_model("grandest_press", "ContentGeneration")
    ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("communiques", "0014_preview_opening_by_robot"),
        ("partners", "0008_public_state"),
        ("grandest_press", "0004_content_generation"),
    ]

    operations = [migrations.RunPython(make_cited_records_public, migrations.RunPython.noop)]
