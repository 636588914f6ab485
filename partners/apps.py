from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partenaires et pactes")

    def ready(self):
        from grandest_press.response_cache import invalidate_on_changes_to

        # Every partners model is shown on some public page.
        invalidate_on_changes_to(*self.get_models())

        # Changes to a record the public sees (or will, with an embargoed release), to
        # its mandates, and to the portrait or logo it shows, wait for review.
        from grandest_press.models import Image
        from grandest_press.review import register_live_check
        from partners.models import Mandate, Organisation, Person, TerritorialPact

        def live(record):
            return record.public_since is not None

        for model in (Organisation, Person, TerritorialPact):
            register_live_check(model, live)
        register_live_check(Mandate, lambda mandate: live(mandate.person))
        register_live_check(
            Image,
            lambda image: (
                Person.objects.filter(portrait=image, public_since__isnull=False).exists()
                or Organisation.objects.filter(logo=image, public_since__isnull=False).exists()
            ),
        )
