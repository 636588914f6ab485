from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommuniquesConfig(AppConfig):
    name = "communiques"
    verbose_name = _("Communiqués de presse")

    def ready(self):
        from django.db.backends.signals import connection_created

        connection_created.connect(register_sqlite_functions)

        from communiques import models
        from communiques.models import Communique, Theme
        from grandest_press.protection import protect
        from grandest_press.response_cache import expire_at_next_change, invalidate_on_changes_to
        from partners import services as partners_services
        from partners.models import Organisation, Person, TerritorialPact

        published = Communique.objects.published
        protect(Theme, lambda theme: published().filter(themes=theme))
        protect(TerritorialPact, lambda pact: published().filter(pacts=pact))
        protect(
            Organisation, lambda organisation: published().mentioning_organisation(organisation)
        )
        protect(Person, lambda person: published().mentioning_person(person))

        # What readers see; the workflow's journal and preview links are not shown.
        invalidate_on_changes_to(
            Communique,
            models.Quote,
            models.CommuniqueContact,
            models.CommuniqueAttachment,
            models.Correction,
            models.PressContact,
            models.PressContactPhone,
            models.OnCallShift,
            Theme,
        )
        expire_at_next_change(Communique.objects.next_publication_timestamp)
        # The contacts page shows the on-call schedule of the current week.
        expire_at_next_change(models.on_call.next_week_timestamp)
        # A record turned public at a release's time changes with that release, which
        # next_publication_timestamp covers.
        partners_services.register_first_citing(Communique.objects.first_citing)

        # Changes to what the public sees (or will at its embargo) wait for review.
        from grandest_press.models import Image
        from grandest_press.review import register_live_check

        live_status = Communique.Status.PUBLISHED
        register_live_check(Communique, lambda communique: communique.status == live_status)
        register_live_check(
            Image,
            lambda image: Communique.objects.filter(status=live_status, image=image).exists(),
        )


def register_sqlite_functions(sender, connection, **kwargs):
    """unaccent() on SQLite, so accent-insensitive lookups work on both databases."""
    if connection.vendor == "sqlite":
        from grandest_press.text import strip_accents

        connection.connection.create_function("unaccent", 1, strip_accents, deterministic=True)
